import { createHash } from 'crypto';
import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestHelper,
	Icon,
	INodeProperties,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

/**
 * Small nodes the test workflows start from, standing in for n8n-nodes-base (not a dependency): a manual
 * trigger, a node that emits items with files (like a Gmail or Read Files trigger would), a node that reports
 * what binaries reached it, and a node that fails on request.
 */
const base = (name: string, displayName: string): Omit<INodeTypeDescription, 'properties'> => ({
	displayName,
	name,
	group: ['transform'],
	version: 1,
	description: displayName,
	defaults: { name: displayName },
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
});

export class ManualTrigger implements INodeType {
	description: INodeTypeDescription = {
		...base('manualTrigger', 'When clicking ‘Execute workflow’'),
		group: ['trigger'],
		inputs: [],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/** One file of a fixture item: the bytes as base64 plus the name and type a trigger would report. */
export interface FixtureFile {
	base64: string;
	fileName?: string;
	mimeType?: string;
}

export interface FixtureItem {
	json?: Record<string, unknown>;
	binary?: Record<string, FixtureFile>;
}

/** Emits the items of its `items` parameter (a JSON array of FixtureItem), storing files the n8n way. */
export class FixtureItems implements INodeType {
	description: INodeTypeDescription = {
		...base('fixtureItems', 'Fixture Items'),
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
		usableAsTool: true,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as string | FixtureItem[];
		const items = (typeof raw === 'string' ? JSON.parse(raw) : raw) as FixtureItem[];
		const output: INodeExecutionData[] = [];
		for (const [index, item] of items.entries()) {
			const out: INodeExecutionData = { json: (item.json ?? {}) as IDataObject, pairedItem: { item: 0 } };
			for (const [property, file] of Object.entries(item.binary ?? {})) {
				out.binary ??= {};
				out.binary[property] = await this.helpers.prepareBinaryData(
					Buffer.from(file.base64, 'base64'),
					file.fileName ?? `file-${index}.bin`,
					file.mimeType ?? 'application/octet-stream',
				);
			}
			output.push(out);
		}
		return [output];
	}
}

/** Reports every binary that reached it: size, sha256, type, name, and whether it is stored outside the item. */
export class BinaryProbe implements INodeType {
	description: INodeTypeDescription = {
		...base('binaryProbe', 'Binary Probe'),
		properties: [],
		usableAsTool: true,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const files: Record<string, unknown> = {};
			for (const [property, binary] of Object.entries(items[i].binary ?? {})) {
				const bytes = await this.helpers.getBinaryDataBuffer(i, property);
				files[property] = {
					size: bytes.length,
					sha256: createHash('sha256').update(bytes).digest('hex'),
					base64: bytes.length <= 4096 ? bytes.toString('base64') : undefined,
					mimeType: binary.mimeType,
					fileName: binary.fileName,
					storedOutsideItem: Boolean(binary.id),
				};
			}
			output.push({ json: { ...items[i].json, files }, binary: items[i].binary, pairedItem: { item: i } });
		}
		return [output];
	}
}

/** Fails the items whose `fail` field is true; honours "On Error" like a well-behaved n8n node. */
export class FailOnFlag implements INodeType {
	description: INodeTypeDescription = {
		...base('failOnFlag', 'Fail On Flag'),
		properties: [],
		usableAsTool: true,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				if (items[i].json.fail === true) {
					throw new NodeOperationError(this.getNode(), `Item ${i} asked to fail`, { itemIndex: i });
				}
				output.push({ json: { ...items[i].json, passed: true }, pairedItem: { item: i } });
			} catch (error) {
				if (!this.continueOnFail()) throw new NodeOperationError(this.getNode(), error, { itemIndex: i });
				output.push({ json: { error: error.message }, pairedItem: { item: i } });
			}
		}
		return [output];
	}
}


/** A credential with a short-lived session token, like n8n's Metabase credential: exercises preAuthentication. */
export class TestSessionApi implements ICredentialType {
	name = 'testSessionApi';

	displayName = 'Test Session API';

	icon: Icon = { light: 'file:../../icons/concur.svg', dark: 'file:../../icons/concur.dark.svg' };

	documentationUrl = 'https://docs.n8n.io/integrations/creating-nodes/build/reference/credentials-files/';

	properties: INodeProperties[] = [
		{ displayName: 'Login', name: 'login', type: 'string', default: '' },
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{ displayName: 'Sessions Issued', name: 'sessionsIssued', type: 'hidden', default: 0 },
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const issued = Number(credentials.sessionsIssued ?? 0) + 1;
		return { sessionToken: `session-${String(credentials.login)}-${issued}`, sessionsIssued: issued };
	}

	authenticate: IAuthenticate = {
		type: 'generic',
		properties: { headers: { Authorization: '=Session {{$credentials.sessionToken}}' } },
	};

	test: ICredentialTestRequest = { request: { url: '/' } };
}

/** Calls a URL with the test session credential and returns what the server saw. */
export class SessionEcho implements INodeType {
	description: INodeTypeDescription = {
		...base('sessionEcho', 'Session Echo'),
		usableAsTool: true,
		credentials: [{ name: 'testSessionApi', required: true }],
		properties: [{ displayName: 'URL', name: 'url', type: 'string', default: '' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const seen = (await this.helpers.httpRequestWithAuthentication.call(this, 'testSessionApi', {
				url: this.getNodeParameter('url', i) as string,
				json: true,
			})) as IDataObject;
			output.push({ json: seen, pairedItem: { item: i } });
		}
		return [output];
	}
}

/**
 * What n8n runs for the "Test" button of a credential whose test is a request (CredentialsTester in n8n's cli): a
 * node whose one property routes that request, run by n8n-core's RoutingNode with the credential. Declarative, so
 * n8n-core, not this harness, sends the request (authenticate, and a refresh on 401 for an expirable credential).
 */
export function credentialTestNode(credentialType: ICredentialType): INodeType {
	if (!credentialType.test) throw new Error(`${credentialType.name} has no test request`);
	return {
		description: {
			...base(`credentialTest.${credentialType.name}`, `Test ${credentialType.displayName}`),
			credentials: [{ name: credentialType.name, required: true }],
			properties: [
				{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: credentialType.test.request }, default: '' },
			],
		},
	};
}

export const TEST_CREDENTIAL_TYPES: ICredentialType[] = [new TestSessionApi()];

export const TEST_NODE_TYPES: Record<string, INodeType> = {
	'n8n-nodes-base.manualTrigger': new ManualTrigger(),
	'test.fixtureItems': new FixtureItems(),
	'test.binaryProbe': new BinaryProbe(),
	'test.failOnFlag': new FailOnFlag(),
	'test.sessionEcho': new SessionEcho(),
};
