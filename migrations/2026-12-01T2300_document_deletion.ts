import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
// History stays unchangeable, with one sanctioned exception: deleting a whole document. Inside
// the transaction that does it (which sets `rendition.deleting_document` for itself only), its
// revisions, rounds, decisions and publications may be deleted, and its audit events may lose
// their link to the document and its segments while keeping its title in their details.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`create or replace function revisions_are_immutable() returns trigger language plpgsql as $$
		begin
			if tg_op = 'DELETE' and current_setting('rendition.deleting_document', true) = 'on' then
				return old;
			end if;
			raise exception 'revisions are immutable: % refused', tg_op using errcode = 'restrict_violation';
		end
	$$`.execute(db);
	await sql`create or replace function history_is_append_only() returns trigger language plpgsql as $$
		declare
			unlinked constant text[] := array['document_id', 'segment_id', 'details'];
		begin
			if tg_op = 'UPDATE' and tg_argv[0] is not null
				and (to_jsonb(new) - tg_argv[0]) = (to_jsonb(old) - tg_argv[0]) then
				return new;
			end if;
			if current_setting('rendition.deleting_document', true) = 'on' then
				if tg_op = 'DELETE' then
					return old;
				end if;
				if tg_table_name = 'audit_events'
					and (to_jsonb(new) - unlinked) = (to_jsonb(old) - unlinked)
					and to_jsonb(new) ->> 'document_id' is null and to_jsonb(new) ->> 'segment_id' is null
					and ((to_jsonb(new) -> 'details') - 'documentTitle') = ((to_jsonb(old) -> 'details') - 'documentTitle') then
					return new;
				end if;
			end if;
			raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'restrict_violation';
		end
	$$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`create or replace function revisions_are_immutable() returns trigger language plpgsql as $$
		begin
			raise exception 'revisions are immutable: % refused', tg_op using errcode = 'restrict_violation';
		end
	$$`.execute(db);
	await sql`create or replace function history_is_append_only() returns trigger language plpgsql as $$
		begin
			if tg_op = 'UPDATE' and tg_argv[0] is not null
				and (to_jsonb(new) - tg_argv[0]) = (to_jsonb(old) - tg_argv[0]) then
				return new;
			end if;
			raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'restrict_violation';
		end
	$$`.execute(db);
}
