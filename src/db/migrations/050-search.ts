/**
 * Search over comments for moderators: a trigram (pg_trgm) GIN index on one text per comment that
 * joins what a moderator may type: the text, the author's name, e-mail, IP, id and URL, the thread's
 * id and title, and the site's own comment id. Trigrams serve substrings (`ILIKE '%…%'`), so part of
 * an e-mail or an IP finds its comments; full-text search would split those into tokens and stem
 * words, and find neither "0.113.7" nor "spam.ru". README "Search" says more.
 *
 * pg_trgm is installed once per database, in `public`, when no schema has it: several installations
 * (or test files, one schema each) may share a database, and dropping one's schema must not drop
 * the operator class the others' indexes use. The index names the extension's schema, wherever it is.
 */
export const sql = `
-- A SQL-standard body is bound when it is created: it reads the same whatever the caller's search_path.
CREATE FUNCTION comment_search_document(content text, author jsonb, thread jsonb, external_id text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN content
  || ' ' || coalesce(author->>'name', '') || ' ' || coalesce(author->>'email', '')
  || ' ' || coalesce(author->>'ip', '') || ' ' || coalesce(author->>'id', '')
  || ' ' || coalesce(author->>'url', '') || ' ' || coalesce(thread->>'id', '')
  || ' ' || coalesce(thread->>'title', '') || ' ' || external_id;

DO $migration$
DECLARE
  home name;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    CREATE EXTENSION pg_trgm SCHEMA public;
  END IF;
  SELECT n.nspname INTO home FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
   WHERE e.extname = 'pg_trgm';
  EXECUTE format(
    'CREATE INDEX comments_search_idx ON comments USING gin '
    '(comment_search_document(content, author, thread, external_id) %I.gin_trgm_ops)',
    home);
END
$migration$;
`;
