import type { IConnections, INode } from 'n8n-workflow';

import type { WorkflowJson } from './run-workflow';
import type { FixtureItem } from './test-nodes';

type NodeJson = WorkflowJson['nodes'][number];

/** The manual trigger every test workflow starts from. */
export const TRIGGER: NodeJson = { name: 'Start', type: 'n8n-nodes-base.manualTrigger', parameters: {} };

/** A node that emits the given items, files included, like an email or folder trigger would. */
export function fixtureNode(items: FixtureItem[], name = 'Files'): NodeJson {
	return { name, type: 'test.fixtureItems', parameters: { items: JSON.stringify(items) } };
}

/** A straight line of nodes, each feeding the next one's input from its first (success) output. */
export function chain(...nodes: NodeJson[]): WorkflowJson {
	const connections: IConnections = {};
	for (let i = 0; i + 1 < nodes.length; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { nodes: nodes as Array<Partial<INode> & NodeJson>, connections };
}
