'use strict';
// Driving n8n's editor (2.x) in a real browser, as a person does: sign in, open a workflow, open a node, pick a
// resource and an operation, read which parameters the panel shows, open a credential. Selectors are n8n's own
// test hooks (data-test-id, the same ones n8n's Playwright tests use) and visible labels; a parameter's label
// carries `for="<parameter name>"`, which is how the fields shown are read back by name.

/** Signs in on /signin; resolves when the editor has left the sign-in page. */
async function signIn(page, baseUrl, { email, password }, { timeoutMs = 60000 } = {}) {
	await page.goto(new URL('signin', baseUrl).toString(), { timeout: timeoutMs });
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: timeoutMs });
}

/** Opens /workflow/<id>; resolves the canvas nodes as [{ name, type }] once they are drawn. */
async function openWorkflow(page, baseUrl, id, { timeoutMs = 60000 } = {}) {
	await page.goto(new URL(`workflow/${id}`, baseUrl).toString(), { timeout: timeoutMs });
	await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: timeoutMs });
	// A published workflow opens with n8n's "Production Checklist" card over the canvas: close it, as a person would.
	const checklist = page.getByText('Production Checklist', { exact: true });
	if (await checklist.isVisible().catch(() => false)) {
		const card = page.locator('div').filter({ has: checklist }).last();
		await card
			.locator('button, [role="button"], svg')
			.last()
			.click()
			.catch(() => undefined);
		await checklist.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
	}
	// Nodes are drawn together; a short settle keeps a screenshot from catching the fit-to-view animation.
	await page.waitForTimeout(800);
	return page.$$eval('[data-test-id="canvas-node"]', (els) =>
		els.map((e) => ({
			name: e.getAttribute('data-node-name'),
			type: e.getAttribute('data-node-type'),
		})),
	);
}

/** Double-clicks a canvas node and waits for its panel (NDV). */
async function openNode(page, name, { timeoutMs = 30000 } = {}) {
	const node = page.locator(
		`[data-test-id="canvas-node"][data-node-name="${name.replace(/"/g, '\\"')}"]`,
	);
	await node.dblclick();
	await page.locator('[data-test-id="ndv"]').waitFor({ timeout: timeoutMs });
	await page
		.locator('[data-test-id="ndv"] label[for="resource"], [data-test-id="ndv"] label[for]')
		.first()
		.waitFor({ timeout: timeoutMs });
}

async function closeNode(page) {
	await page.keyboard.press('Escape');
	await page
		.locator('[data-test-id="ndv"]')
		.waitFor({ state: 'hidden', timeout: 15000 })
		.catch(() => undefined);
}

/** Picks `optionName` in the options parameter `param` of the open panel. */
async function selectOption(page, param, optionName) {
	await page.locator(`[data-test-id="ndv"] [data-test-id="parameter-input-${param}"]`).click();
	const option = page
		.locator('[data-test-id="parameter-input-item"]:visible')
		.filter({ has: page.locator('.option-headline').getByText(optionName, { exact: true }) });
	await option.first().click();
	await page.waitForTimeout(300);
}

/** The value shown in an options parameter, e.g. 'Receipt'. */
async function shownValue(page, param) {
	const input = page
		.locator(`[data-test-id="ndv"] [data-test-id="parameter-input-${param}"] input`)
		.first();
	return (await input.inputValue().catch(() => '')).trim();
}

/** Names of the parameters the open panel shows (visible labels on the Parameters tab). */
async function shownParameters(page) {
	return page.$$eval('[data-test-id="ndv"] label.n8n-input-label[for]', (els) =>
		els.filter((e) => e.offsetParent !== null).map((e) => e.getAttribute('for')),
	);
}

/** Is the credential selector shown in the open panel? */
async function credentialShown(page) {
	return page.locator('[data-test-id="ndv"] [data-test-id="node-credentials-select"]').isVisible();
}

module.exports = {
	signIn,
	openWorkflow,
	openNode,
	closeNode,
	selectOption,
	shownValue,
	shownParameters,
	credentialShown,
};
