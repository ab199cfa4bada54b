import { inTransaction, type Database, type Trx } from '../db/db';
import { requireAllowed } from '../permissions';
import { recordAudit } from '../activity/audit';
import { DomainError, validate, type Input } from '../errors';
import { entryChangeSchema, entryInputSchema, entryRefSchema, type EntryInput } from './schema';
import { entryRow, findEntry, lockGlossary, requireRoom, type EntryView } from './glossary';
import type { ProjectAccess } from '../projects/projects';

// Adding, editing and removing single entries, and an owner's answer to a proposal. An owner's
// addition is accepted at once; a translator's is a proposal, which they may edit or withdraw
// until an owner accepts or rejects it. The same source and target twice is refused: a term
// with two renditions is two entries, but one rendition twice would only confuse the checks.

/** Adds an entry: accepted when an owner adds it, a proposal when a translator does. */
export async function addEntry(db: Database, project: ProjectAccess, input: Input<typeof entryInputSchema>): Promise<EntryView> {
	requireAllowed(project, 'propose_terms');
	const entry = validate(entryInputSchema, input);
	const proposed = !project.may.edit_glossary;
	const id = await inTransaction(db, async (trx) => {
		await lockGlossary(trx, project.id);
		await refuseDuplicate(trx, project.id, entry);
		await requireRoom(trx, project.id, 1);
		const { id } = await trx
			.insertInto('glossaryEntries')
			.values(entryRow(project, entry, proposed))
			.returning('id')
			.executeTakeFirstOrThrow();
		await audit(trx, project, proposed ? 'glossary.proposed' : 'glossary.added', id, entry);
		return id;
	});
	return (await findEntry(db, project.id, id))!;
}

/**
 * Changes an entry. The input may name only the fields that change (the API's PATCH); the rest
 * keep their values. Owners change any entry, and `proposed: false` accepts a proposal in the
 * same step; a translator changes only their own open proposal.
 */
export async function updateEntry(db: Database, project: ProjectAccess, input: Input<typeof entryRefSchema> & Record<string, unknown>): Promise<EntryView> {
	requireAllowed(project, 'propose_terms');
	const { entryId } = validate(entryRefSchema, input);
	if (input.proposed !== undefined && input.proposed !== false) {
		throw new DomainError('invalid', 'proposed can only be set to false, which accepts a proposal; delete an entry to remove it.', 'proposed');
	}
	const accept = input.proposed === false;
	if (accept) requireAllowed(project, 'edit_glossary');
	await inTransaction(db, async (trx) => {
		await lockGlossary(trx, project.id);
		const current = await writableEntry(trx, project, entryId, 'change');
		const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
		const entry = validate(entryChangeSchema, { ...current, ...defined, entryId });
		await refuseDuplicate(trx, project.id, entry, entryId);
		await trx
			.updateTable('glossaryEntries')
			.set({
				source: entry.source,
				target: entry.target,
				status: entry.status,
				caseSensitive: entry.caseSensitive,
				partOfSpeech: entry.partOfSpeech,
				note: entry.note,
				...(accept ? { proposed: false } : {}),
				updatedBy: project.actor.id,
				updatedAt: new Date()
			})
			.where('id', '=', entryId)
			.execute();
		const from = { source: current.source, target: current.target, status: current.status };
		await audit(trx, project, 'glossary.changed', entryId, entry, { from });
		if (accept && current.proposed) await audit(trx, project, 'glossary.accepted', entryId, entry, { proposedBy: current.createdByName });
	});
	return (await findEntry(db, project.id, entryId))!;
}

/** Deletes an entry (owners), or withdraws a translator's own proposal. */
export async function deleteEntry(db: Database, project: ProjectAccess, input: Input<typeof entryRefSchema>): Promise<void> {
	requireAllowed(project, 'propose_terms');
	const { entryId } = validate(entryRefSchema, input);
	await inTransaction(db, async (trx) => {
		await lockGlossary(trx, project.id);
		const current = await writableEntry(trx, project, entryId, 'delete');
		await trx.deleteFrom('glossaryEntries').where('id', '=', entryId).execute();
		const action = current.proposed && !project.may.edit_glossary ? 'glossary.withdrawn' : 'glossary.deleted';
		await audit(trx, project, action, entryId, current);
	});
}

/** An owner accepts a proposal: it becomes an entry that QA and the workspace use. */
export async function acceptProposal(db: Database, project: ProjectAccess, input: Input<typeof entryRefSchema>): Promise<EntryView> {
	requireAllowed(project, 'edit_glossary');
	const { entryId } = validate(entryRefSchema, input);
	await inTransaction(db, async (trx) => {
		await lockGlossary(trx, project.id);
		const proposal = await openProposal(trx, project.id, entryId);
		await trx.updateTable('glossaryEntries').set({ proposed: false, updatedBy: project.actor.id, updatedAt: new Date() }).where('id', '=', entryId).execute();
		await audit(trx, project, 'glossary.accepted', entryId, proposal, { proposedBy: proposal.createdByName });
	});
	return (await findEntry(db, project.id, entryId))!;
}

/** An owner rejects a proposal: it is removed, and the audit log keeps what it said and whose it was. */
export async function rejectProposal(db: Database, project: ProjectAccess, input: Input<typeof entryRefSchema>): Promise<void> {
	requireAllowed(project, 'edit_glossary');
	const { entryId } = validate(entryRefSchema, input);
	await inTransaction(db, async (trx) => {
		await lockGlossary(trx, project.id);
		const proposal = await openProposal(trx, project.id, entryId);
		await trx.deleteFrom('glossaryEntries').where('id', '=', entryId).execute();
		await audit(trx, project, 'glossary.rejected', entryId, proposal, { proposedBy: proposal.createdByName });
	});
}

async function existing(trx: Trx, project: ProjectAccess, entryId: number): Promise<EntryView> {
	const entry = await findEntry(trx, project.id, entryId);
	if (!entry) throw new DomainError('not_found', 'That glossary entry no longer exists; reload the glossary.', 'entryId');
	return entry;
}

/** The entry, if the actor may change or delete it: owners any, translators their own proposal. */
async function writableEntry(trx: Trx, project: ProjectAccess, entryId: number, verb: 'change' | 'delete'): Promise<EntryView> {
	const entry = await existing(trx, project, entryId);
	if (project.may.edit_glossary) return entry;
	if (!entry.proposed) throw new DomainError('forbidden', `Only project owners ${verb} accepted glossary entries; propose a new term instead.`);
	if (entry.createdBy !== project.actor.id) throw new DomainError('forbidden', `You can only ${verb} proposals you made yourself.`);
	return entry;
}

async function openProposal(trx: Trx, projectId: number, entryId: number): Promise<EntryView> {
	const entry = await findEntry(trx, projectId, entryId);
	if (!entry) throw new DomainError('not_found', 'That proposal no longer exists: it was withdrawn or already answered.', 'entryId');
	if (!entry.proposed) throw new DomainError('conflict', `“${entry.source}” → “${entry.target}” is already accepted.`, 'entryId');
	return entry;
}

async function refuseDuplicate(trx: Trx, projectId: number, entry: Pick<EntryInput, 'source' | 'target'>, exceptId?: number): Promise<void> {
	let query = trx
		.selectFrom('glossaryEntries')
		.select(['id', 'proposed'])
		.where('projectId', '=', projectId)
		.where('source', '=', entry.source)
		.where('target', '=', entry.target);
	if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
	const twin = await query.executeTakeFirst();
	if (twin) {
		const where = twin.proposed ? 'already proposed' : 'already in the glossary';
		throw new DomainError('conflict', `“${entry.source}” → “${entry.target}” is ${where}. Edit that entry instead.`, 'source');
	}
}

function audit(
	trx: Trx,
	project: ProjectAccess,
	action: string,
	entryId: number,
	entry: Pick<EntryInput, 'source' | 'target' | 'status'>,
	extra: Record<string, unknown> = {}
) {
	return recordAudit(trx, {
		projectId: project.id,
		actorId: project.actor.id,
		action,
		details: { entryId, source: entry.source, target: entry.target, status: entry.status, ...extra }
	});
}
