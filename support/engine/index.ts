export { CredentialStore, TestCredentialsHelper } from './credentials-helper';
export type { PreAuthenticationRecord, StoredCredential } from './credentials-helper';
export { runWorkflow, WorkflowRun } from './run-workflow';
export type { BinaryMode, RunOptions, WorkflowJson } from './run-workflow';
export type { FixtureFile, FixtureItem } from './test-nodes';
export { chain, fixtureNode, TRIGGER } from './workflow-builder';
