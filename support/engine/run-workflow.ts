import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	IBinaryData,
	IConnections,
	ICredentialType,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRun,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
} from 'n8n-workflow';
import { createRunExecutionData, NodeHelpers, Workflow } from 'n8n-workflow';

import packageJson from '../../package.json';
import { readBinary, useBinaryMode } from '../binary-mode';
import { OAuth2Api } from './oauth2-api.credentials';
import { CredentialStore, TestCredentialsHelper } from './credentials-helper';
import { credentialTestNode, TEST_CREDENTIAL_TYPES, TEST_NODE_TYPES } from './test-nodes';

/** A workflow as n8n exports it (only what the engine needs; ids and positions are optional here). */
export interface WorkflowJson {
	name?: string;
	nodes: Array<Partial<INode> & Pick<INode, 'name' | 'type' | 'parameters'>>;
	connections: IConnections;
	settings?: IWorkflowSettings;
}

export type BinaryMode = 'default' | 'filesystem';

export interface RunOptions {
	/** The credentials "database"; assert on it after the run to see what n8n persisted. */
	credentials?: CredentialStore;
	/** 'default' keeps binaries inline as base64; 'filesystem' stores them on disk like n8n 2.x does. */
	binaryMode?: BinaryMode;
}

interface LoadedPackage {
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	credentialTypes: Map<string, ICredentialType>;
}

let loadedPackage: Promise<LoadedPackage> | undefined;

/** The package's node and credential types (with the harness's own credential types), loaded once. */
export async function packageTypes(): Promise<LoadedPackage> {
	loadedPackage ??= loadPackage();
	return await loadedPackage;
}

/** The package's first-class members, found the way n8n finds them: from the `n8n` section of package.json. */
async function loadPackage(): Promise<LoadedPackage> {
	const sourceOf = (distPath: string) => `../../${distPath.replace(/^dist\//, '').replace(/\.js$/, '')}`;
	const classOf = (distPath: string) => distPath.split('/').pop()!.split('.')[0];
	const nodeTypes: LoadedPackage['nodeTypes'] = {};
	for (const distPath of packageJson.n8n.nodes) {
		const module = (await import(sourceOf(distPath))) as Record<string, new () => INodeType>;
		const nodeType = new module[classOf(distPath)]();
		nodeTypes[`${packageJson.name}.${nodeType.description.name}`] = nodeType;
	}
	const credentialTypes = new Map<string, ICredentialType>(
		[new OAuth2Api(), ...TEST_CREDENTIAL_TYPES].map((type) => [type.name, type]),
	);
	for (const distPath of packageJson.n8n.credentials) {
		const module = (await import(sourceOf(distPath))) as Record<string, new () => ICredentialType>;
		const credentialType = new module[classOf(distPath)]();
		credentialTypes.set(credentialType.name, credentialType);
	}
	return { nodeTypes, credentialTypes };
}

/** What a run produced, read the way a user reads the canvas: per node, per output. */
export class WorkflowRun {
	constructor(
		readonly run: IRun,
		readonly credentials: CredentialStore,
	) {}

	get status() {
		return this.run.status;
	}

	/** The run-level error (a node that failed without "On Error: continue"), if any. */
	get error() {
		return this.run.data.resultData.error;
	}

	/** Items of a node's output (0 = success, 1 = error output when "Continue (using error output)" is on). */
	items(nodeName: string, outputIndex = 0): INodeExecutionData[] {
		const runs = this.run.data.resultData.runData[nodeName];
		if (!runs?.length) throw new Error(`Node "${nodeName}" did not run`);
		const last = runs[runs.length - 1];
		if (last.error) throw last.error;
		return last.data?.main?.[outputIndex] ?? [];
	}

	/** The `json` of every item of a node's output. */
	json(nodeName: string, outputIndex = 0) {
		return this.items(nodeName, outputIndex).map((item) => item.json);
	}

	/** The error a node stopped on (when the workflow did not continue), if any. */
	nodeError(nodeName: string) {
		const runs = this.run.data.resultData.runData[nodeName];
		return runs?.[runs.length - 1]?.error;
	}

	/** The bytes of a binary property of an output item, whatever the binary mode. */
	async bytes(binary: IBinaryData | undefined): Promise<Buffer> {
		if (!binary) throw new Error('The item has no such binary property');
		return (await readBinary(binary)) as Buffer;
	}
}

/** Executes a workflow with n8n-core's engine, as n8n does for a manual run, and returns what it produced. */
export async function runWorkflow(workflowJson: WorkflowJson, options: RunOptions = {}): Promise<WorkflowRun> {
	const { nodeTypes: packageNodeTypes, credentialTypes } = await packageTypes();
	const allNodeTypes: Record<string, INodeType | IVersionedNodeType> = {
		...TEST_NODE_TYPES,
		...packageNodeTypes,
	};
	// Each credential's "Test" button, as the node type `test.credentialTest.<credential type>`.
	for (const credentialType of credentialTypes.values()) {
		if (credentialType.test) allNodeTypes[`test.credentialTest.${credentialType.name}`] = credentialTestNode(credentialType);
	}
	const nodeTypes: INodeTypes = {
		getByName: (type) => {
			const nodeType = allNodeTypes[type];
			if (!nodeType) throw new Error(`Unrecognized node type: ${type}`);
			return nodeType;
		},
		getByNameAndVersion: (type, version) =>
			NodeHelpers.getVersionedNodeType(nodeTypes.getByName(type), version),
		getKnownTypes: () => ({}),
	};

	await useBinaryMode(options.binaryMode ?? 'default');
	const credentials = options.credentials ?? new CredentialStore();
	const nodes: INode[] = workflowJson.nodes.map((node, index) => ({
		id: node.id ?? `node-${index}`,
		typeVersion: node.typeVersion ?? 1,
		position: node.position ?? [index * 200, 0],
		...node,
	}));
	const settings: IWorkflowSettings = { executionOrder: 'v1', ...workflowJson.settings };
	const workflowData: IWorkflowBase = {
		id: 'test-workflow',
		name: workflowJson.name ?? 'Test workflow',
		active: false,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes,
		connections: workflowJson.connections,
		settings,
		activeVersionId: null,
	};
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes,
		connections: workflowJson.connections,
		active: false,
		nodeTypes,
		settings,
	});

	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', workflowData);
	const additionalData = {
		hooks,
		credentialsHelper: new TestCredentialsHelper(credentialTypes, credentials),
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not available in the test harness');
		},
		getRunExecutionData: async () => undefined,
		variables: {},
		currentNodeExecutionIndex: 0,
		// n8n builds resume and form URLs from these; nothing is served there during tests.
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		executionId: 'test-execution',
		workflowId: workflowData.id,
	} as unknown as IWorkflowExecuteAdditionalData;

	const startNode = workflow.getStartNode();
	if (!startNode) throw new Error('The workflow has no trigger node to start from');
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: startNode, data: { main: [[{ json: {} }]] }, source: null }],
		},
	});
	const run = await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(
		workflow,
	);
	return new WorkflowRun(run, credentials);
}

export { CredentialStore };
