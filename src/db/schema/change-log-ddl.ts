/**
 * accessctl's own record of every applied plan. Append-only: a trigger refuses UPDATE and DELETE
 * unless the session says it is `log --prune-before`, the one documented exception (itself
 * recorded). `changes` has no GIN index: the record of a 100,000-user apply is 42 MB of JSON, and
 * indexing it cost 2.4 s more per such apply (5.8 s against 3.5 s, measured); `log`'s filters scan
 * the records instead, which are few.
 */
export const CHANGE_LOG_TABLE = 'accessctl_change_log';

export const CHANGE_LOG_DDL = `
CREATE TABLE public.accessctl_change_log (
    id bigserial PRIMARY KEY,
    applied_at timestamp with time zone NOT NULL DEFAULT now(),
    action text NOT NULL CHECK (action IN ('apply', 'prune')),
    os_user text NOT NULL,
    host text NOT NULL,
    accessctl_version text NOT NULL,
    command_line text NOT NULL,
    way_in text NOT NULL CHECK (way_in IN ('command', 'access-file', 'console', 'saved-plan')),
    source_path text,
    source_sha256 text,
    target text NOT NULL,
    actor text,
    changes jsonb NOT NULL
);

CREATE INDEX accessctl_change_log_applied_at ON public.accessctl_change_log USING btree (applied_at);

CREATE FUNCTION public.accessctl_change_log_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('accessctl.pruning', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'accessctl_change_log is append-only (% refused)', TG_OP;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER accessctl_change_log_append_only BEFORE UPDATE OR DELETE ON public.accessctl_change_log
    FOR EACH ROW EXECUTE FUNCTION public.accessctl_change_log_append_only();
`;
