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

export function decodeXmlEntities(text: string): string {
	if (!text.includes('&')) return text;
	return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, entity: string) => {
		if (entity[0] === '#') {
			const codePoint = entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
			return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : whole;
		}
		const decoded = PREDEFINED[entity];
		if (decoded === undefined) throw new XmlParseError(`Unknown XML entity &${entity};`);
		return decoded;
	});
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

function findTagEnd(source: string, open: number): number {
	let quote: string | undefined;
	for (let i = open + 1; i < source.length; i++) {
		const char = source[i];
		if (quote) {
			if (char === quote) quote = undefined;
		} else if (char === '"' || char === "'") {
			quote = char;
		} else if (char === '>') {
			return i;
		}
	}
	throw new XmlParseError('Unterminated tag');
}

function parseAttributes(text: string): Record<string, string> {
	const attributes: Record<string, string> = {};
	const pattern = /([^\s=/]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
	let match: RegExpExecArray | null;
	while ((match = pattern.exec(text))) {
		attributes[match[1]] = decodeXmlEntities(match[3] ?? match[4] ?? '');
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
