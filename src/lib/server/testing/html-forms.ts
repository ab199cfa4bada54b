import { parse, type DefaultTreeAdapterTypes } from 'parse5';

// What a browser would find on a rendered page: its links and its POST forms with every named
// control, read with the same HTML parser rules a browser uses (parse5). Used by the tests that
// walk the app as each role and post every form they are shown.

type Element = DefaultTreeAdapterTypes.Element;
type Node = DefaultTreeAdapterTypes.ChildNode | DefaultTreeAdapterTypes.Document;

export type FieldKind = 'input' | 'hidden' | 'textarea' | 'select' | 'checkbox' | 'radio' | 'file' | 'button';

export interface FormField {
	name: string;
	kind: FieldKind;
	/** The input's `type` (text, email, url, number, password …) or the element's name. */
	type: string;
	/** As rendered: the value attribute, the textarea's text, the select's chosen option. */
	value: string;
	/** Checkboxes and radios: checked as rendered. */
	checked: boolean;
	required: boolean;
	/** Selects: every option's value. */
	options: string[];
	/** The `maxlength` the page declares: the server must refuse anything longer, never cut it. */
	maxLength?: number;
}

export interface FoundForm {
	/** Path and query the form posts to, resolved against the page as a browser does. */
	action: string;
	multipart: boolean;
	fields: FormField[];
}

const attr = (el: Element, name: string): string | undefined => el.attrs.find((a) => a.name === name)?.value;

function* elements(node: Node): Generator<Element> {
	// An explicit stack: rendered pages can nest deeply.
	const stack: Node[] = [node];
	while (stack.length) {
		const n = stack.pop()!;
		if ('tagName' in n) yield n;
		const children = 'childNodes' in n ? n.childNodes : [];
		const content = 'content' in n && n.content ? n.content.childNodes : [];
		for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
		for (let i = content.length - 1; i >= 0; i--) stack.push(content[i]);
	}
}

function textOf(el: Element): string {
	let text = '';
	for (const n of el.childNodes) if (n.nodeName === '#text') text += (n as DefaultTreeAdapterTypes.TextNode).value;
	return text;
}

function fieldOf(el: Element): FormField | null {
	const name = attr(el, 'name');
	// A disabled control is not sent, but a disabled submit button still names its form's action.
	if (!name || (attr(el, 'disabled') !== undefined && el.tagName !== 'button')) return null;
	const required = attr(el, 'required') !== undefined;
	const max = Number(attr(el, 'maxlength'));
	const base = { name, required, checked: false, options: [] as string[], ...(Number.isInteger(max) && max > 0 ? { maxLength: max } : {}) };
	if (el.tagName === 'textarea') return { ...base, kind: 'textarea', type: 'textarea', value: textOf(el).replace(/^\n/, '') };
	if (el.tagName === 'select') {
		const options = [...elements(el)].filter((o) => o.tagName === 'option');
		const values = options.map((o) => attr(o, 'value') ?? textOf(o).trim());
		const chosen = options.findIndex((o) => attr(o, 'selected') !== undefined);
		return { ...base, kind: 'select', type: 'select', value: values[Math.max(chosen, 0)] ?? '', options: values };
	}
	if (el.tagName === 'button') {
		const type = attr(el, 'type') ?? 'submit';
		return type === 'submit' ? { ...base, kind: 'button', type: 'submit', value: attr(el, 'value') ?? '' } : null;
	}
	if (el.tagName !== 'input') return null;
	const type = (attr(el, 'type') ?? 'text').toLowerCase();
	if (type === 'reset' || type === 'button' || type === 'image') return null;
	const value = attr(el, 'value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : '');
	const checked = attr(el, 'checked') !== undefined;
	if (type === 'submit') return { ...base, kind: 'button', type, value };
	if (type === 'hidden') return { ...base, kind: 'hidden', type, value };
	if (type === 'checkbox' || type === 'radio') return { ...base, kind: type, type, value, checked };
	if (type === 'file') return { ...base, kind: 'file', type, value: '' };
	return { ...base, kind: 'input', type, value };
}

function resolve(href: string, page: URL): URL {
	return new URL(href, page);
}

/** Every `<form method="post">` of the page; a submit button with `formaction` posts its form elsewhere. */
export function formsIn(html: string, pageUrl: string | URL): FoundForm[] {
	const page = new URL(pageUrl);
	const doc = parse(html);
	const all = [...elements(doc)];
	const forms: FoundForm[] = [];
	for (const form of all.filter((el) => el.tagName === 'form')) {
		if ((attr(form, 'method') ?? 'get').toLowerCase() !== 'post') continue;
		const id = attr(form, 'id');
		const owned = [...elements(form)].filter((el) => el !== form && attr(el, 'form') === undefined);
		// Controls outside the form that name it with form="…".
		const remote = id ? all.filter((el) => attr(el, 'form') === id) : [];
		const controls = [...owned, ...remote];
		const fields = controls.map(fieldOf).filter((f): f is FormField => f !== null);
		const buttons = fields.filter((f) => f.kind === 'button');
		const others = fields.filter((f) => f.kind !== 'button');
		const action = resolve(attr(form, 'action') ?? '', page);
		const multipart = (attr(form, 'enctype') ?? '').toLowerCase() === 'multipart/form-data';
		// The first submit button is what a user clicks; only the clicked button's name is sent.
		forms.push({ action: action.pathname + action.search, multipart, fields: [...others, ...buttons.slice(0, 1)] });
		for (const button of controls.filter((el) => attr(el, 'formaction') !== undefined)) {
			const elsewhere = resolve(attr(button, 'formaction')!, page);
			const clicked = fieldOf(button);
			forms.push({ action: elsewhere.pathname + elsewhere.search, multipart, fields: [...others, ...(clicked ? [clicked] : [])] });
		}
	}
	return forms;
}

/** Same-origin links of the page (path and query, no fragment). */
export function linksIn(html: string, pageUrl: string | URL): string[] {
	const page = new URL(pageUrl);
	const links = new Set<string>();
	for (const el of elements(parse(html))) {
		if (el.tagName !== 'a') continue;
		const href = attr(el, 'href');
		if (!href || attr(el, 'download') !== undefined) continue;
		const url = resolve(href, page);
		if (url.origin !== page.origin) continue;
		links.add(url.pathname + url.search);
	}
	return [...links];
}

/** The form's action name (`?/submit` → submit; a form without one posts to `default`). */
export function actionName(action: string): string {
	const q = action.indexOf('?/');
	return q < 0 ? 'default' : action.slice(q + 2).split('&')[0];
}

/** Two forms are "the same form" when they post to the same action with the same field names. */
export function formKey(form: FoundForm, path = form.action): string {
	return `${path.replace(/\?.*$/, '')} ?/${actionName(form.action)} [${[...new Set(form.fields.map((f) => f.name))].sort().join(',')}]`;
}
