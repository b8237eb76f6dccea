/**
 * A small XML reader for Concur's answers: elements, attributes, text and CDATA, namespaces reduced to local
 * names, and the five predefined entities plus numeric character references. Deliberately entity-free: a
 * document type declaration is refused, so no external or recursive entity can ever be expanded.
 */
export interface XmlElement {
	/** Local name, namespace prefix removed (`i:nil` → `nil`). */
	name: string;
	attributes: Record<string, string>;
	children: XmlElement[];
	/** The element's own text (CDATA included), entities decoded. */
	text: string;
}

export class XmlParseError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'XmlParseError';
	}
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;
const isHexDigit = (code: number) => isDigit(code) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
const isLetter = (code: number) => (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);

/**
 * Decodes `&name;`, `&#n;` and `&#xh;` (exactly what `/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g` matches) in
 * one pass; anything else after `&` is kept as it is. An unknown name is an error (no entity is ever defined).
 */
export function decodeXmlEntities(text: string): string {
	let amp = text.indexOf('&');
	if (amp === -1) return text;
	const parts: string[] = [];
	let copied = 0;
	while (amp !== -1) {
		let i = amp + 1;
		let kind: 'hex' | 'dec' | 'name';
		let from: number;
		if (text.charCodeAt(i) === 0x23 && text.charCodeAt(i + 1) === 0x78 && isHexDigit(text.charCodeAt(i + 2))) {
			kind = 'hex';
			from = i += 2;
			while (isHexDigit(text.charCodeAt(i))) i++;
		} else if (text.charCodeAt(i) === 0x23 && isDigit(text.charCodeAt(i + 1))) {
			kind = 'dec';
			from = i += 1;
			while (isDigit(text.charCodeAt(i))) i++;
		} else {
			kind = 'name';
			from = i;
			while (isLetter(text.charCodeAt(i))) i++;
		}
		if (i === from || text.charCodeAt(i) !== 0x3b) {
			amp = text.indexOf('&', amp + 1);
			continue;
		}
		const entity = text.slice(from, i);
		let decoded: string;
		if (kind === 'name') {
			const known = PREDEFINED[entity];
			if (known === undefined) throw new XmlParseError(`Unknown XML entity &${entity};`);
			decoded = known;
		} else {
			const codePoint = parseInt(entity, kind === 'hex' ? 16 : 10);
			decoded = codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : text.slice(amp, i + 1);
		}
		parts.push(text.slice(copied, amp), decoded);
		copied = i + 1;
		amp = text.indexOf('&', copied);
	}
	parts.push(text.slice(copied));
	return parts.join('');
}

const localName = (qualified: string) => qualified.slice(qualified.indexOf(':') + 1);

/** Parses a document and returns its root element. */
export function parseXml(input: string): XmlElement {
	const source = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
	const stack: XmlElement[] = [];
	let root: XmlElement | undefined;
	let position = 0;

	const appendText = (text: string) => {
		const current = stack[stack.length - 1];
		if (current) current.text += text;
		else if (text.trim()) throw new XmlParseError('Text outside the root element');
	};

	while (position < source.length) {
		const open = source.indexOf('<', position);
		if (open === -1) {
			appendText(decodeXmlEntities(source.slice(position)));
			break;
		}
		if (open > position) appendText(decodeXmlEntities(source.slice(position, open)));

		if (source.startsWith('<?', open)) {
			const end = source.indexOf('?>', open);
			if (end === -1) throw new XmlParseError('Unterminated processing instruction');
			position = end + 2;
		} else if (source.startsWith('<!--', open)) {
			const end = source.indexOf('-->', open);
			if (end === -1) throw new XmlParseError('Unterminated comment');
			position = end + 3;
		} else if (source.startsWith('<![CDATA[', open)) {
			const end = source.indexOf(']]>', open);
			if (end === -1) throw new XmlParseError('Unterminated CDATA section');
			appendText(source.slice(open + 9, end));
			position = end + 3;
		} else if (source.startsWith('<!', open)) {
			throw new XmlParseError('Document type declarations are not accepted');
		} else if (source[open + 1] === '/') {
			const end = source.indexOf('>', open);
			if (end === -1) throw new XmlParseError('Unterminated closing tag');
			const name = localName(source.slice(open + 2, end).trim());
			const element = stack.pop();
			if (!element || element.name !== name) {
				throw new XmlParseError(`Unexpected closing tag </${name}>`);
			}
			position = end + 1;
		} else {
			const end = findTagEnd(source, open);
			const selfClosing = source[end - 1] === '/';
			const inner = source.slice(open + 1, selfClosing ? end - 1 : end);
			const nameMatch = /^[^\s/>]+/.exec(inner);
			if (!nameMatch) throw new XmlParseError('Element without a name');
			const element: XmlElement = {
				name: localName(nameMatch[0]),
				attributes: parseAttributes(inner.slice(nameMatch[0].length)),
				children: [],
				text: '',
			};
			const parent = stack[stack.length - 1];
			if (parent) parent.children.push(element);
			else if (root) throw new XmlParseError('More than one root element');
			else root = element;
			if (!selfClosing) stack.push(element);
			position = end + 1;
		}
	}
	if (stack.length) throw new XmlParseError(`Element <${stack[stack.length - 1].name}> is not closed`);
	if (!root) throw new XmlParseError('No root element');
	return root;
}

/** Position of the `>` that ends the tag opened at `open`, quoted values skipped whole (one pass). */
function findTagEnd(source: string, open: number): number {
	for (let i = open + 1; i < source.length; i++) {
		const code = source.charCodeAt(i);
		if (code === 0x22 || code === 0x27) {
			const close = source.indexOf(code === 0x22 ? '"' : "'", i + 1);
			if (close === -1) break;
			i = close;
		} else if (code === 0x3e) {
			return i;
		}
	}
	throw new XmlParseError('Unterminated tag');
}

// Sticky patterns for parseAttributes: each is matched once at a known position and never retried, so the
// whole reading is linear. The former single global pattern backtracked over every start position inside an
// unquoted value or a name without value: quadratic (12 s for a 160 KB attribute).
const NOT_NAME = /[\s=/]*/y;
const NAME = /[^\s=/]+/y;
const EQUALS = /\s*=\s*/y;

const matchAt = (pattern: RegExp, text: string, at: number): number => {
	pattern.lastIndex = at;
	return pattern.test(text) ? pattern.lastIndex : -1;
};

/**
 * `name="value"` / `name='value'` pairs. Anything else (a name without a quoted value, stray characters) is
 * skipped, with the same result as the former pattern `([^\s=/]+)\s*=\s*("([^"]*)"|'([^']*)')`.
 */
function parseAttributes(text: string): Record<string, string> {
	const attributes: Record<string, string> = {};
	// Where each quote character last occurs: an opening quote after it has no closing one (one search each).
	const lastQuote: Record<string, number> = { '"': text.lastIndexOf('"'), "'": text.lastIndexOf("'") };
	let i = 0;
	while (i < text.length) {
		const nameStart = matchAt(NOT_NAME, text, i);
		const nameEnd = matchAt(NAME, text, nameStart);
		if (nameEnd === -1) break;
		i = nameEnd; // on any failure below, the next attempt starts after this name
		const valueAt = matchAt(EQUALS, text, nameEnd);
		if (valueAt === -1) continue;
		const quote = text[valueAt];
		if ((quote !== '"' && quote !== "'") || lastQuote[quote] <= valueAt) continue;
		const close = text.indexOf(quote, valueAt + 1);
		attributes[text.slice(nameStart, nameEnd)] = decodeXmlEntities(text.slice(valueAt + 1, close));
		i = close + 1;
	}
	return attributes;
}

/** The first child element with this local name (case-insensitive: Concur mixes `Id`/`ID`, `Url`/`URI`). */
export function child(element: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
	if (!element) return undefined;
	const wanted = names.map((name) => name.toLowerCase());
	return element.children.find((candidate) => wanted.includes(candidate.name.toLowerCase()));
}

/** Trimmed text of the first matching child, or undefined when absent or empty. */
export function childText(element: XmlElement | undefined, ...names: string[]): string | undefined {
	const text = child(element, ...names)?.text.trim();
	return text ? text : undefined;
}
