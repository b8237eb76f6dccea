import { getAdditionalKeys } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { deepCopy, ICredentialsHelper, isExpression, NodeHelpers } from 'n8n-workflow';

const OAUTH_PINNED_FIELDS = ['authUrl', 'accessTokenUrl', 'grantType', 'authentication'];

/** A credential as n8n stores it: id, name, type and the (decrypted) data the user entered or n8n persisted. */
export interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

/** One call of a credential's `preAuthentication`, as the harness saw it. */
export interface PreAuthenticationRecord {
	credentialId: string;
	type: string;
	/** true when n8n re-ran it because a request failed with the retry status (401 by default). */
	credentialsExpired: boolean;
	/** The keys it returned; n8n persists them. */
	returnedKeys: string[];
}

/**
 * The credentials "database" of a test run. Tests seed it, the engine reads and persists through it, and tests
 * assert on what was stored and how often it changed.
 */
export class CredentialStore {
	private readonly records = new Map<string, StoredCredential>();

	readonly preAuthentications: PreAuthenticationRecord[] = [];

	/** Every persisted change, in order: what n8n would have written to its database. */
	readonly updates: Array<{ id: string; data: ICredentialDataDecryptedObject }> = [];

	add(credential: StoredCredential): this {
		this.records.set(credential.id, { ...credential, data: deepCopy(credential.data) });
		return this;
	}

	get(id: string): StoredCredential {
		const record = this.records.get(id);
		if (!record) throw new Error(`Test credential "${id}" does not exist`);
		return record;
	}

	/** The stored data of a credential (a copy). */
	data(id: string): ICredentialDataDecryptedObject {
		return deepCopy(this.get(id).data);
	}

	all(): StoredCredential[] {
		return [...this.records.values()].map((record) => ({ ...record, data: deepCopy(record.data) }));
	}

	persist(id: string, data: ICredentialDataDecryptedObject): void {
		const record = this.get(id);
		record.data = deepCopy(data);
		this.updates.push({ id, data: deepCopy(data) });
	}

	find(details: INodeCredentialsDetails, type: string): StoredCredential {
		const byId = details.id ? this.records.get(details.id) : undefined;
		const record =
			byId ?? [...this.records.values()].find((r) => r.name === details.name && r.type === type);
		if (!record || record.type !== type) {
			throw new Error(`Credential with ID "${details.id}" does not exist for type "${type}".`);
		}
		return record;
	}
}

/**
 * Behaves like n8n's own CredentialsHelper (packages/cli), minus the database and encryption:
 * - `getDecrypted` applies the credential type's defaults (including inherited ones) and resolves expressions
 *   with `$self`, the way n8n does before a node sees the data;
 * - `preAuthentication` runs the type's hook when its hidden expirable field is empty or after a retry status,
 *   persists every returned key and records the call;
 * - `authenticate` applies generic (expression) and function authentication;
 * - `getParentTypes` follows `extends`, so OAuth2 credentials get n8n-core's real signing and token refresh.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly credentialTypes: Map<string, ICredentialType>,
		readonly store: CredentialStore,
	) {
		super();
	}

	private typeByName(name: string): ICredentialType {
		const type = this.credentialTypes.get(name);
		if (!type) throw new Error(`Unknown credential type "${name}"`);
		return type;
	}

	getParentTypes(name: string): string[] {
		const parents = this.typeByName(name).extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.typeByName(type);
		if (credentialType.extends === undefined) {
			if (type === 'oAuth2Api') {
				return [
					...credentialType.properties,
					{ displayName: 'oauthTokenData', name: 'oauthTokenData', type: 'json', default: {} },
				];
			}
			return credentialType.properties;
		}
		const combined: INodeProperties[] = [];
		for (const parent of credentialType.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, credentialType.properties);
		return combined;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions;
		const { authenticate } = this.typeByName(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}
		if (authenticate?.type === 'generic') {
			if (!workflow || !node) throw new Error('Generic authentication needs the workflow and node');
			for (const [target, entries] of Object.entries(authenticate.properties)) {
				const bag = ((requestOptions as unknown as Record<string, Record<string, unknown>>)[target] ??=
					{});
				for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
					const resolve = (v: unknown) =>
						typeof v === 'string' && isExpression(v)
							? String(
									workflow.expression.getSimpleParameterValue(
										node,
										v,
										'internal',
										{ $credentials: credentials },
										undefined,
										'',
									) ?? '',
								)
							: v;
					bag[String(resolve(key))] = resolve(value);
				}
			}
		}
		return requestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.typeByName(typeName);
		const expirable = credentialType.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (!expirable || typeof credentialType.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;

		const output = (await credentialType.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
		const details = node.credentials?.[credentialType.name];
		this.store.preAuthentications.push({
			credentialId: details?.id ?? '',
			type: typeName,
			credentialsExpired,
			returnedKeys: Object.keys(output ?? {}),
		});
		if (output?.[expirable.name] === undefined || !details) return undefined;

		const record = this.store.find(details, typeName);
		const dataToPersist = { ...record.data };
		for (const [key, value] of Object.entries(output)) {
			if (key === expirable.name || !isExpression(record.data[key])) dataToPersist[key] = value;
		}
		this.store.persist(record.id, dataToPersist);
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.typeByName(typeName);
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		return ((await credentialType.preAuthentication.call(helpers, credentials)) ?? undefined) as
			| ICredentialDataDecryptedObject
			| undefined;
	}

	async getCredentials(details: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		const record = this.store.find(details, type);
		const store = this.store;
		return {
			id: record.id,
			name: record.name,
			type: record.type,
			data: undefined,
			getData: () => store.data(record.id),
			getDataToSave: () => ({ id: record.id, name: record.name, type: record.type, data: '' }),
			setData: (data: ICredentialDataDecryptedObject) => store.persist(record.id, data),
			updateData: (data: ICredentialDataDecryptedObject) =>
				store.persist(record.id, { ...store.data(record.id), ...data }),
		} as unknown as ICredentials;
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		details: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.store.data(this.store.find(details, type).id);
		if (raw === true) return stored;

		const properties = this.getCredentialsProperties(type);
		// Like n8n: the hidden OAuth endpoint/flow fields belong to the credential type, so their defaults
		// (often expressions over other fields) win over stored values.
		for (const property of properties) {
			if (property.type === 'hidden' && OAUTH_PINNED_FIELDS.includes(property.name)) {
				delete stored[property.name];
			}
		}
		let data = NodeHelpers.getNodeParameters(
			properties,
			stored as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		for (const [key, value] of Object.entries(stored)) {
			if (data[key] === undefined) data[key] = value;
		}

		if (expressionResolveValues) {
			const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
			data = expressionResolveValues.workflow.expression.getParameterValue(
				data as INodeParameters,
				expressionResolveValues.runExecutionData,
				expressionResolveValues.runIndex,
				expressionResolveValues.itemIndex,
				expressionResolveValues.node.name,
				expressionResolveValues.connectionInputData,
				mode,
				additionalKeys,
				executeData,
				false,
				data,
			) as ICredentialDataDecryptedObject;
		}
		return data;
	}

	async updateCredentials(
		details: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store.persist(this.store.find(details, type).id, data);
	}

	async updateCredentialsOauthTokenData(
		details: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const record = this.store.find(details, type);
		this.store.persist(record.id, { ...record.data, oauthTokenData: data.oauthTokenData });
	}
}
