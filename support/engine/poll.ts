// Runs a polling trigger the way n8n does when the workflow is active: n8n-core's PollContext in 'trigger' mode
// over a Workflow that holds the workflow's static data. Between polls the static data is saved and read back as
// JSON (what n8n's database does, also across a restart); a poll that throws saves nothing, as in n8n.
// For the editor's manual test, run the trigger with runWorkflow (n8n-core's manual path).
import { PollContext } from 'n8n-core';
import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeType,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
} from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { CredentialStore, TestCredentialsHelper } from './credentials-helper';
import type { WorkflowJson } from './run-workflow';
import { packageTypes } from './run-workflow';

type NodeJson = WorkflowJson['nodes'][number];

export interface PollerOptions {
	credentials: CredentialStore;
	/** The static data n8n saved before (JSON), e.g. to start from an earlier run's cursor. */
	savedStaticData?: string;
}

/** One active polling trigger: call `poll()` for each tick n8n would run. */
export class Poller {
	/** The workflow's static data as n8n last saved it. */
	saved: string;

	polls = 0;

	constructor(
		readonly node: NodeJson,
		private readonly options: PollerOptions,
	) {
		this.saved = options.savedStaticData ?? '{}';
	}

	/** The node's own static data as last saved (what `getWorkflowStaticData('node')` holds). */
	get nodeStaticData(): IDataObject {
		return ((JSON.parse(this.saved) as IDataObject)[`node:${this.node.name}`] ?? {}) as IDataObject;
	}

	/** One tick: the poll's answer (null = nothing to emit). Static data is saved unless the poll threw. */
	async poll(activation: WorkflowActivateMode = 'activate'): Promise<INodeExecutionData[][] | null> {
		const { nodeTypes, credentialTypes } = await packageTypes();
		// The package's nodes are plain (not versioned) node types.
		const nodeType = nodeTypes[this.node.type] as INodeType | undefined;
		if (!nodeType?.poll) throw new Error(`${this.node.type} is not a polling node of this package`);
		const node: INode = { id: 'poll-node', typeVersion: 1, position: [0, 0], ...this.node };
		const staticData = JSON.parse(this.saved) as IDataObject;
		const workflow = new Workflow({
			id: 'poll-workflow',
			name: 'Poll workflow',
			nodes: [node],
			connections: {},
			active: true,
			staticData,
			settings: { executionOrder: 'v1' },
			nodeTypes: {
				getByName: (type) => nodeTypes[type],
				getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(nodeTypes[type], version),
				getKnownTypes: () => ({}),
			},
		});
		const additionalData = {
			credentialsHelper: new TestCredentialsHelper(credentialTypes, this.options.credentials),
			variables: {},
			currentNodeExecutionIndex: 0,
			restApiUrl: 'http://localhost:5678/rest',
			instanceBaseUrl: 'http://localhost:5678/',
			webhookBaseUrl: 'http://localhost:5678/webhook',
			webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
			webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
			formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
			workflowId: workflow.id,
		} as unknown as IWorkflowExecuteAdditionalData;
		const context = new PollContext(workflow, node, additionalData, 'trigger', activation);
		const result = await nodeType.poll.call(context);
		this.polls++;
		this.saved = JSON.stringify(staticData);
		return result;
	}
}

export { CredentialStore };
