import { plainText, type Block, type Mark } from '../../import/model';
import type { QaCheck, QaFinding, Span } from '../types';

interface Run {
	span: Span;
	href?: string;
}

const NAMES = { strong: 'bold', em: 'italic' } as const;

function hrefOf(marks: readonly Mark[] | undefined): string | undefined {
	const link = marks?.find((mark) => mark.type === 'link');
	return link?.type === 'link' ? link.attrs.href : undefined;
}

/**
 * The passages of a block that carry a mark: adjacent text nodes sharing it form one passage
 * (bold text with an italic word inside is still one bold passage), and a hard break ends it.
 */
function runs(block: Block, type: Mark['type']): Run[] {
	const found: Run[] = [];
	let offset = 0;
	let open: Run | null = null;
	for (const node of block.content ?? []) {
		const length = node.type === 'text' ? node.text.length : 1;
		const marks = node.type === 'text' ? node.marks : undefined;
		const has = marks?.some((mark) => mark.type === type) ?? false;
		const href = type === 'link' ? hrefOf(marks) : undefined;
		if (has && open && open.span.end === offset && open.href === href) open.span.end = offset + length;
		else if (has) {
			open = { span: { start: offset, end: offset + length }, href };
			found.push(open);
		} else open = null;
		offset += length;
	}
	return found.filter((run) => run.span.end > run.span.start);
}

function plural(count: number, word: string): string {
	return `${count} ${word} passage${count === 1 ? '' : 's'}`;
}

export function formattingFindings(sourceBlock: Block, targetBlock: Block, source: string, target: string): QaFinding[] {
	// Spans are offsets of the plain text: only trust them when the blocks are the texts checked.
	const sourceSpans = plainText(sourceBlock) === source;
	const targetSpans = plainText(targetBlock) === target;
	const findings: QaFinding[] = [];
	for (const type of ['strong', 'em'] as const) {
		const inSource = runs(sourceBlock, type);
		const inTarget = runs(targetBlock, type);
		if (inSource.length === inTarget.length) continue;
		const name = NAMES[type];
		if (inSource.length > inTarget.length) {
			findings.push({
				message: `The source has ${plural(inSource.length, name)}, the translation ${inTarget.length}: make the missing ${name} text ${name} too.`,
				source: sourceSpans ? inSource[inTarget.length].span : undefined
			});
		} else {
			findings.push({
				message: `The translation has ${plural(inTarget.length, name)}, the source ${inSource.length}: remove the ${name} that the source does not have.`,
				target: targetSpans ? inTarget[inSource.length].span : undefined
			});
		}
	}
	const extra = runs(targetBlock, 'link');
	for (const link of runs(sourceBlock, 'link')) {
		const i = extra.findIndex((other) => other.href === link.href);
		if (i >= 0) extra.splice(i, 1);
		else
			findings.push({ message: `The link to ${link.href} is missing in the translation: link the same words.`, source: sourceSpans ? link.span : undefined });
	}
	for (const link of extra) {
		findings.push({
			message: `The translation links to ${link.href}, which the source does not: check the link.`,
			target: targetSpans ? link.span : undefined
		});
	}
	return findings.map((finding) => Object.fromEntries(Object.entries(finding).filter(([, value]) => value !== undefined)) as QaFinding);
}

export const formattingCheck: QaCheck = {
	id: 'formatting',
	severity: 'warning',
	label: 'Formatting',
	run({ source, target, sourceBlock, targetBlock }) {
		if (!sourceBlock || !targetBlock) return [];
		return formattingFindings(sourceBlock, targetBlock, source, target);
	}
};
