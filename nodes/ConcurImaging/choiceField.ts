import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/**
 * An options parameter that defaults to its first choice. Authentication, Payment Type and the Spend Documents V4
 * choices are all built the same way; one builder writes the shape once and ties each default to its list, so a
 * default cannot name a value the list does not have. (n8n-nodes-base's wording rules read only parameters written
 * out as literals, so the display names and descriptions passed here are not linted by them.)
 */
export function choiceField(
	displayName: string,
	name: string,
	choices: [INodePropertyOptions, ...INodePropertyOptions[]],
	description?: string,
): INodeProperties {
	const firstChoice = choices[0].value;
	return {
		displayName,
		name,
		type: 'options',
		options: choices,
		default: firstChoice,
		...(description === undefined ? {} : { description }),
	};
}
