/** One step of the state schema; applied once, in order, inside the migration transaction. */
export interface StateMigration {
  version: number;
  name: string;
  statements: readonly string[];
}

/** The state schema, PostgreSQL only (the embedded store is PostgreSQL too). Append; never edit a released step. */
export const STATE_MIGRATIONS: readonly StateMigration[] = [
  {
    version: 1,
    name: 'settings, catalogue edits, intervention estimates, journey notes, imports log, API keys',
    statements: [
      `CREATE TABLE settings (
        key text PRIMARY KEY,
        value text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      // One row: the rules edited in the app. The revision lets every process notice another's edit cheaply.
      `CREATE TABLE catalogue_edits (
        id smallint PRIMARY KEY CHECK (id = 1),
        revision bigint NOT NULL,
        rules jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `INSERT INTO catalogue_edits (id, revision, rules) VALUES (1, 0, '[]'::jsonb)`,
      // A row per intervention id, so two edits of different ids never touch the same row.
      `CREATE TABLE intervention_estimates (
        id text PRIMARY KEY,
        estimate jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE journey_notes (
        id text PRIMARY KEY,
        kind text NOT NULL,
        stage text,
        channel text,
        touchpoint text,
        lane text,
        text text NOT NULL,
        owner text,
        status text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
      `CREATE INDEX journey_notes_by_stage ON journey_notes (stage)`,
      `CREATE INDEX journey_notes_by_touchpoint ON journey_notes (touchpoint)`,
      // A row per file content: two processes importing the same file cannot both record it first.
      `CREATE TABLE imports (
        file_hash text PRIMARY KEY,
        file_name text NOT NULL,
        format text NOT NULL,
        first_imported_at timestamptz NOT NULL,
        last_imported_at timestamptz NOT NULL,
        times integer NOT NULL,
        rows bigint NOT NULL,
        accepted bigint NOT NULL,
        quarantined bigint NOT NULL,
        duplicates bigint NOT NULL
      )`,
      `CREATE TABLE api_keys (
        kind text PRIMARY KEY CHECK (kind IN ('write', 'read')),
        key text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      // What moved in from an older data directory (its warehouse tables and keys.json), once per source.
      `CREATE TABLE legacy_moves (
        source text PRIMARY KEY,
        moved_at timestamptz NOT NULL DEFAULT now(),
        counts jsonb NOT NULL
      )`,
    ],
  },
  {
    version: 2,
    name: 'saved insights and dashboards',
    statements: [
      `CREATE TABLE insights (
        id text PRIMARY KEY,
        kind text NOT NULL,
        name text NOT NULL,
        description text NOT NULL,
        chart text NOT NULL,
        definition jsonb NOT NULL,
        view text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
      `CREATE TABLE dashboards (
        id text PRIMARY KEY,
        name text NOT NULL,
        description text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
      // A tile per row: deleting an insight removes its tiles (the delete answer names the dashboards).
      `CREATE TABLE dashboard_tiles (
        dashboard_id text NOT NULL REFERENCES dashboards (id) ON DELETE CASCADE,
        position integer NOT NULL,
        insight_id text NOT NULL REFERENCES insights (id) ON DELETE CASCADE,
        width smallint NOT NULL,
        PRIMARY KEY (dashboard_id, position)
      )`,
      `CREATE INDEX dashboard_tiles_by_insight ON dashboard_tiles (insight_id)`,
    ],
  },
  {
    version: 3,
    name: 'segments and their membership history',
    statements: [
      `CREATE TABLE segments (
        id text PRIMARY KEY,
        key text NOT NULL UNIQUE,
        name text NOT NULL,
        description text NOT NULL,
        rule jsonb NOT NULL,
        size integer,
        refreshed_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
      // One row per stay: entered_at, and exited_at once the person leaves (NULL while a member).
      `CREATE TABLE segment_memberships (
        segment_id text NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
        person_id text NOT NULL,
        entered_at timestamptz NOT NULL,
        exited_at timestamptz
      )`,
      `CREATE UNIQUE INDEX segment_members_current ON segment_memberships (segment_id, person_id) WHERE exited_at IS NULL`,
      `CREATE INDEX segment_memberships_by_person ON segment_memberships (person_id)`,
    ],
  },
  {
    version: 4,
    name: 'saved computed-trait definitions',
    statements: [
      // The values are computed on read from the warehouse; only the definition is kept.
      `CREATE TABLE computed_traits (
        id text PRIMARY KEY,
        key text NOT NULL UNIQUE,
        name text NOT NULL,
        definition jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
    ],
  },
  {
    version: 5,
    name: 'API keys with names, scopes and hashed secrets; admins',
    statements: [
      // v1 held the two keys in plain text; they become the first keys of the new table, hashed (SHA-256).
      `ALTER TABLE api_keys RENAME TO api_keys_v1`,
      `CREATE TABLE api_keys (
        id text PRIMARY KEY,
        name text NOT NULL,
        prefix text NOT NULL,
        hash text NOT NULL UNIQUE,
        scopes text[] NOT NULL CHECK (cardinality(scopes) > 0),
        source text,
        allowed_origins text[],
        created_at timestamptz NOT NULL DEFAULT now(),
        prev_hash text UNIQUE,
        prev_prefix text,
        expires_at timestamptz,
        revoked_at timestamptz,
        last_used_at timestamptz
      )`,
      `INSERT INTO api_keys (id, name, prefix, hash, scopes, created_at)
        SELECT 'key_' || kind || '_' || substr(md5(random()::text), 1, 10), kind, substr(key, 1, 12), encode(sha256(convert_to(key, 'UTF8')), 'hex'),
          CASE kind WHEN 'write' THEN ARRAY['collect'] ELSE ARRAY['read'] END, created_at
        FROM api_keys_v1`,
      `DROP TABLE api_keys_v1`,
      // Goes up with every create, rotate and revoke: each process checks it before trusting the keys it cached.
      `CREATE TABLE api_keys_revision (
        id smallint PRIMARY KEY CHECK (id = 1),
        revision bigint NOT NULL
      )`,
      `INSERT INTO api_keys_revision (id, revision) VALUES (1, 0)`,
      `CREATE TABLE admins (
        name text PRIMARY KEY,
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    ],
  },
  {
    version: 6,
    name: 'audit log (append-only) and the project salt',
    statements: [
      // Who did what, when, from where; never personal data (see AuditEntry in core).
      `CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        action text NOT NULL,
        target text,
        origin text,
        outcome text NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
        detail jsonb NOT NULL DEFAULT '{}'::jsonb
      )`,
      `CREATE INDEX audit_log_by_at ON audit_log (at)`,
      `CREATE INDEX audit_log_by_target ON audit_log (target) WHERE target IS NOT NULL`,
      // Append-only: no UPDATE ever; DELETE only by the log's own retention (pruneAudit sets
      // trailmap.audit_retention for its transaction), and then only of rows past the cut-off it names.
      `CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND coalesce(current_setting('trailmap.audit_retention', true), '') <> '' THEN
          IF OLD.at < current_setting('trailmap.audit_retention', true)::timestamptz THEN
            RETURN OLD;
          END IF;
        END IF;
        RAISE EXCEPTION 'the audit log is append-only (% refused)', TG_OP;
      END $$`,
      `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
      `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`,
    ],
  },
  {
    version: 7,
    name: 'data-subject requests and the suppression list',
    statements: [
      // No personal data in clear: the ids a request acts on are sealed (AES-256-GCM under a key
      // derived from the project salt) while it runs and erased at its end; subject_ref is their
      // keyed hash, so the same request asked twice while open is found again.
      `CREATE TABLE privacy_requests (
        id text PRIMARY KEY,
        type text NOT NULL CHECK (type IN ('access', 'delete', 'suppress', 'unsuppress')),
        regime text NOT NULL,
        then_rule text,
        status text NOT NULL CHECK (status IN ('received', 'running', 'completed', 'failed')),
        received_at timestamptz NOT NULL,
        deadline timestamptz NOT NULL,
        steps text[] NOT NULL,
        steps_done text[] NOT NULL DEFAULT '{}',
        subject_ref text NOT NULL,
        subject_sealed text,
        result jsonb,
        error text,
        completed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX privacy_requests_open ON privacy_requests (received_at) WHERE status IN ('received', 'running')`,
      // One row per suppressed identity ('user:…' / 'anon:…'), as its keyed hash only.
      `CREATE TABLE suppressions (
        id_hash text PRIMARY KEY,
        request_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      // Events dropped at collection because an id was suppressed (one counter row; +n per request).
      `CREATE TABLE suppression_drops (
        id smallint PRIMARY KEY CHECK (id = 1),
        dropped bigint NOT NULL
      )`,
      `INSERT INTO suppression_drops (id, dropped) VALUES (1, 0)`,
    ],
  },
  {
    version: 8,
    name: 'journeys: definitions and versions, runs, inputs, due work, messages, outbound events, the in-app inbox',
    statements: [
      `CREATE TABLE journeys (
        id text PRIMARY KEY,
        name text NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'live', 'paused', 'archived')),
        draft jsonb NOT NULL,
        live_version integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      // A published version is frozen: a running person stays on the version they entered.
      `CREATE TABLE journey_versions (
        journey_id text NOT NULL REFERENCES journeys (id) ON DELETE CASCADE,
        version integer NOT NULL,
        definition jsonb NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (journey_id, version)
      )`,
      // Moved by every change of a journey's status or versions: workers reload their cache when it moves.
      `CREATE TABLE journey_revision (
        id smallint PRIMARY KEY CHECK (id = 1),
        revision bigint NOT NULL
      )`,
      `INSERT INTO journey_revision (id, revision) VALUES (1, 0)`,
      // What the feed hands the workers: events, segment changes, scheduled entries; once each (dedupe_key).
      `CREATE TABLE journey_inputs (
        id bigserial PRIMARY KEY,
        dedupe_key text NOT NULL UNIQUE,
        person_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('event', 'segments', 'enter')),
        journey_id text,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        done_at timestamptz
      )`,
      `CREATE INDEX journey_inputs_pending ON journey_inputs (person_id, id) WHERE done_at IS NULL`,
      // One row per person with work due (an input, a timer); a worker leases the row, so one person's
      // runs advance in one place at a time, in input order.
      `CREATE TABLE journey_due (
        person_id text PRIMARY KEY,
        due_at timestamptz NOT NULL,
        lease_owner text,
        lease_until timestamptz
      )`,
      `CREATE INDEX journey_due_at ON journey_due (due_at)`,
      `CREATE TABLE journey_runs (
        id text PRIMARY KEY,
        journey_id text NOT NULL,
        version integer NOT NULL,
        person_id text NOT NULL,
        correlation text,
        status text NOT NULL CHECK (status IN ('active', 'waiting', 'following', 'ended')),
        step_id text,
        wake_at timestamptz,
        entered_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        ended_at timestamptz,
        outcome text,
        variant text,
        visits jsonb NOT NULL DEFAULT '{}'::jsonb
      )`,
      `CREATE INDEX journey_runs_person ON journey_runs (person_id, journey_id)`,
      `CREATE INDEX journey_runs_journey ON journey_runs (journey_id, version, status)`,
      // Messages and webhooks to perform; the id is the effect's idempotency key (run, step, visit).
      `CREATE TABLE journey_messages (
        id text PRIMARY KEY,
        run_id text NOT NULL,
        journey_id text NOT NULL,
        version integer NOT NULL,
        step_id text NOT NULL,
        person_id text NOT NULL,
        channel text NOT NULL,
        transactional boolean NOT NULL,
        payload jsonb NOT NULL,
        status text NOT NULL,
        reason text,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        lease_until timestamptz,
        last_error text,
        provider_id text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        sent_at timestamptz
      )`,
      `CREATE INDEX journey_messages_due ON journey_messages (channel, next_attempt_at) WHERE status IN ('queued', 'held', 'sending')`,
      `CREATE INDEX journey_messages_person ON journey_messages (person_id, sent_at)`,
      `CREATE INDEX journey_messages_journey ON journey_messages (journey_id, status)`,
      // Events going back into the warehouse (message statuses, experiment exposures, traits set,
      // tasks closed): the server that owns the warehouse drains them; message_id makes that idempotent.
      `CREATE TABLE journey_outbound_events (
        id bigserial PRIMARY KEY,
        message_id text NOT NULL UNIQUE,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE inbox_messages (
        id text PRIMARY KEY,
        person_id text NOT NULL,
        journey_id text,
        title text,
        body text NOT NULL,
        created_at timestamptz NOT NULL,
        read_at timestamptz
      )`,
      `CREATE INDEX inbox_messages_person ON inbox_messages (person_id, created_at DESC)`,
      // Addresses that bounced or complained, per channel, as keyed hashes.
      `CREATE TABLE message_suppressions (
        channel text NOT NULL,
        address_hash text NOT NULL,
        reason text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (channel, address_hash)
      )`,
    ],
  },
  {
    version: 9,
    name: 'service tasks: proactive service and journey steps (one per dedupe key)',
    statements: [
      `CREATE TABLE service_tasks (
        id text PRIMARY KEY,
        dedupe_key text NOT NULL UNIQUE,
        person_id text NOT NULL,
        title text NOT NULL,
        detail jsonb NOT NULL DEFAULT '{}'::jsonb,
        source text NOT NULL CHECK (source IN ('journey', 'negative_sentiment', 'failed_payment', 'repeated_contacts', 'churn_risk', 'lifecycle', 'manual')),
        priority text NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
        owner text,
        status text NOT NULL CHECK (status IN ('open', 'in_progress', 'closed')),
        due_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        closed_at timestamptz,
        resolution text,
        journey_id text,
        run_id text,
        step_id text
      )`,
      // The open list (by due time, per owner) and a person's tasks.
      `CREATE INDEX service_tasks_open_due ON service_tasks (due_at, created_at) WHERE status <> 'closed'`,
      `CREATE INDEX service_tasks_open_owner ON service_tasks (owner, due_at) WHERE status <> 'closed'`,
      `CREATE INDEX service_tasks_person ON service_tasks (person_id, created_at)`,
      `CREATE INDEX service_tasks_created ON service_tasks (created_at DESC, id)`,
    ],
  },
];
