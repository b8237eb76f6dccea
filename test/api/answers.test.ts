import { parseConcurError, parseImageLink, parseReceiptImagePage, UnreadableResponseError } from '../../nodes/ConcurImaging/api/responses';
import { parseXml, XmlParseError } from '../../nodes/ConcurImaging/api/xml';

const IMAGE_NS = 'xmlns="http://www.concursolutions.com/api/image/2011/02" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"';

describe("reading Concur's answers", () => {
	it('reads the documented Image v1 upload answer (namespace, empty Url)', () => {
		const body = `<Image ${IMAGE_NS}><Id>aBcDeMwbl34xnwdkUw5ZjDsggDl2$pyoy31$pnGaHAywmPrpbAmE</Id><Url /></Image>`;
		expect(parseImageLink(body, 'application/xml')).toEqual({ id: 'aBcDeMwbl34xnwdkUw5ZjDsggDl2$pyoy31$pnGaHAywmPrpbAmE', url: undefined });
	});

	it('unescapes the documented Image v1 get answer', () => {
		const body = `<?xml version="1.0" encoding="utf-8"?>\n<Image ${IMAGE_NS}><Id>A2C40CEE415B43B2A0BE</Id><Url>https://api.example.com/getImage?cid=able999999&amp;val=F9B35244G86</Url></Image>`;
		expect(parseImageLink(Buffer.from(body))).toEqual({
			id: 'A2C40CEE415B43B2A0BE',
			url: 'https://api.example.com/getImage?cid=able999999&val=F9B35244G86',
		});
	});

	it('reads both readings of Receipt Images v3 answers, XML and JSON', () => {
		expect(parseImageLink('<ReceiptImage><ID>x1</ID><URI>https://h/api/v3.0/expense/receiptimages/x1</URI></ReceiptImage>')).toEqual({
			id: 'x1',
			url: 'https://h/api/v3.0/expense/receiptimages/x1',
		});
		expect(parseImageLink('{"ID":"x2","URI":"https://img/x2?a=1&b=2"}', 'application/json')).toEqual({ id: 'x2', url: 'https://img/x2?a=1&b=2' });
		expect(parseImageLink('{"Id":"x3","Url":"https://img/x3"}')).toEqual({ id: 'x3', url: 'https://img/x3' });
		expect(parseImageLink('{"Image":{"Id":"x4","Url":"u"}}')).toEqual({ id: 'x4', url: 'u' });
		expect(parseImageLink('', 'application/json')).toEqual({});
	});

	it('reads a list page with Items and NextPage, and the last page without', () => {
		const xml = `<ReceiptImages xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Items><ReceiptImage><ID>a</ID><URI>u-a</URI></ReceiptImage><ReceiptImage><ID>b</ID><URI>u-b</URI></ReceiptImage></Items><NextPage>https://h/api/v3.0/expense/receiptimages?offset=abc&amp;limit=2</NextPage></ReceiptImages>`;
		expect(parseReceiptImagePage(xml)).toEqual({
			items: [{ id: 'a', uri: 'u-a' }, { id: 'b', uri: 'u-b' }],
			nextPage: 'https://h/api/v3.0/expense/receiptimages?offset=abc&limit=2',
		});
		expect(parseReceiptImagePage('<ReceiptImages><Items/><NextPage i:nil="true" xmlns:i="x"/></ReceiptImages>')).toEqual({ items: [], nextPage: undefined });
		expect(parseReceiptImagePage('{"Items":[{"ID":"c","URI":"u-c"}],"NextPage":null}')).toEqual({ items: [{ id: 'c', uri: 'u-c' }], nextPage: undefined });
	});

	it('reads every error envelope Concur uses', () => {
		expect(parseConcurError('<Error><Message>There is an error in XML document (1, 147).</Message><Server-Time>2017-06-22T16:51:37</Server-Time><Id>3BDB</Id></Error>')).toEqual({
			message: 'There is an error in XML document (1, 147).',
			errorId: '3BDB',
			serverTime: '2017-06-22T16:51:37',
		});
		expect(parseConcurError('{"Error":{"Message":"Forbidden Request","Server-Time":"2019-03-12T07:56:32","Id":"65F6"}}')).toMatchObject({ message: 'Forbidden Request', errorId: '65F6' });
		expect(parseConcurError('{"Message":"Content-Type \\"image/html\\" is unsupported."}').message).toBe('Content-Type "image/html" is unsupported.');
		expect(parseConcurError('{"error":"invalid_grant","error_description":"Incorrect Credentials. Please Retry","code":5}')).toMatchObject({
			message: 'Incorrect Credentials. Please Retry',
			code: '5',
		});
		expect(parseConcurError('{"timestamp":"2022-08-26T16:13:17.230+00:00","error":{"id":"security.rate.limit.reached","message":"Too many requests"}}')).toMatchObject({
			message: 'Too many requests',
			code: 'security.rate.limit.reached',
		});
		expect(parseConcurError('<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head></html>')).toEqual({ htmlTitle: '502 Bad Gateway' });
		expect(parseConcurError('<Error><Message>broken')).toEqual({ message: undefined });
	});

	it('says so when an answer cannot be read', () => {
		expect(() => parseImageLink('<Image><Id>x</Id>')).toThrow(UnreadableResponseError);
		expect(() => parseImageLink('{"Id": ')).toThrow(UnreadableResponseError);
	});
});

describe('the XML reader is entity-free', () => {
	it('refuses document type declarations, so no entity can be expanded', () => {
		const bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><Image><Id>&lol2;</Id></Image>';
		expect(() => parseXml(bomb)).toThrow(XmlParseError);
		expect(() => parseXml('<Image><Id>&ext;</Id></Image>')).toThrow(/Unknown XML entity/);
	});

	it('decodes the predefined entities, character references and CDATA, and drops prefixes', () => {
		const root = parseXml('<a:Root xmlns:a="urn:x"><a:Text>&lt;&amp;&gt;&quot;&apos;&#65;&#x42;<![CDATA[<raw & text>]]></a:Text></a:Root>');
		expect(root.name).toBe('Root');
		expect(root.children[0].text).toBe(`<&>"'AB<raw & text>`);
	});
});
