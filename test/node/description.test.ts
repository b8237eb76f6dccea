// What the editor shows: every resource's Operation list is made of its operation modules, each operation's fields
// show only under it, and the wording follows n8n's rules.
import { ConcurImaging } from '../../nodes/ConcurImaging/ConcurImaging.node';
import { ConcurImagingTrigger } from '../../nodes/ConcurImaging/ConcurImagingTrigger.node';
import { RESOURCES } from '../../nodes/ConcurImaging/actions/resources';
import { repoFileText } from '../support/repo-files';

const { properties } = new ConcurImaging().description;

describe('the node description', () => {
	// n8n's icon-validation lint rule sees only an icon written in the class; both classes take theirs from icon.ts.
	it.each([
		['Concur Imaging', new ConcurImaging().description.icon],
		['Concur Imaging Trigger', new ConcurImagingTrigger().description.icon],
	])('%s has a light and a dark SVG icon next to the node file', (_name, icon) => {
		const { light, dark } = icon as { light: string; dark: string };
		for (const ref of [light, dark]) {
			expect(ref).toMatch(/^file:[\w.-]+\.svg$/);
			expect(repoFileText(`nodes/ConcurImaging/${ref.slice('file:'.length)}`)).toMatch(/<svg[\s>]/);
		}
		expect(light).not.toBe(dark);
	});

	it("lists each resource's operations from its modules, alphabetically, with a default among them", () => {
		for (const resource of RESOURCES) {
			const selector = properties.find(
				(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.[0] === resource.value,
			)!;
			const listed = (selector.options as Array<{ value: string; name: string }>).map((o) => o.value);
			expect(listed).toEqual(resource.operations.map((o) => o.option.value));
			const names = (selector.options as Array<{ name: string }>).map((o) => o.name);
			expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
			expect(listed).toContain(selector.default);
		}
	});

	it('shows every operation field only under its own resource and operation', () => {
		for (const property of properties.filter((p) => !['authentication', 'resource', 'operation'].includes(p.name))) {
			const show = property.displayOptions?.show ?? {};
			expect(show.resource).toHaveLength(1);
			expect(show.operation).toHaveLength(1);
		}
	});

	it('words the actions of entries, reports and invoices with the right article', () => {
		const actions = RESOURCES.flatMap((r) => r.operations.map((o) => o.option.action));
		expect(actions).toEqual(
			expect.arrayContaining([
				'Upload an image to an expense entry',
				'Get the image of a report',
				'Upload an image to an invoice',
			]),
		);
		expect(actions.filter((a) => /\ban [^aeiou]|\ba [aeiou]/i.test(a))).toEqual([]);
	});
});
