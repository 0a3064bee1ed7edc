"""The database guards itself on PostgreSQL: server-side sign-in, guards and a server change log.

Every workstation holds the application's database role, so anyone at one can connect as it and
run SQL. These objects, created by the owner in migration ``0004_security`` and owned by the owner
(the application role can neither change nor disable them), keep the Part 11 controls true
against that role:

* **Sign-in on the server.** Password hashes live in ``necst_guard.user_secret``, which the
  application role cannot read (``app_user.password_hash`` holds only the marker ``'server'``).
  ``necst_guard.sign_in`` checks a password proof, counts every failure under a row lock, locks
  the account at :data:`MAX_FAILED` and issues a session token; only its SHA-256 is stored.
  A client proves the password by computing the argon2id hash with the stored salt and
  parameters (``necst_guard.auth_params``), so argon2 stays in the client and the hash never
  leaves the server.
* **Who is acting.** A client names its session per transaction with the custom setting
  ``necst.session`` (see ``Database.session_token``); the guards look the token up. Without a
  valid token nobody is signed in, whatever the audit row claims.
* **Guards** (BEFORE triggers) refuse what no signed-in user may do: create users or change
  roles without an administrator's session; set or clear a lock-out, or the failed-sign-in count,
  except an administrator's unlock; change a password other than one's own (fresh sign-in) or as
  an administrator (which forces a change at the next sign-in); sign for someone else, with a
  stale sign-in, with a password an administrator set, or without the role the meaning needs;
  release a changeover without the QA role.
* **The server change log** (AFTER triggers on every audited table, including the audit trail
  itself): each row changed, who connected, who was signed in (per the server), and the old and
  new values, chained with a keyed MAC (HMAC-SHA256) whose key is in ``necst_guard.secret``,
  unreadable by the application role. ``necst audit verify`` cross-checks it against the app's
  audit trail: a change without an audit row, an audit row that claims a user who was not signed
  in, or a change by a role that may not make it, is reported.

Connections as the owner (or a superuser) are trusted: the owner can disable triggers anyway, so
whoever holds its credentials is outside this threat model (see README, "Threat model").
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

SCHEMA = "necst_guard"
#: wrong passwords in a row that lock an account (services.auth.MAX_FAILED; a test keeps them equal)
MAX_FAILED = 5
#: a signature needs a sign-in made this recently (the password given at the moment of signing)
FRESH_MINUTES = 5
#: the tables whose every change the server logs (a test keeps this in step with the models)
LOGGED_TABLES = ("facility", "suite", "client", "product", "campaign", "dependency",
                 "changeover_rule", "cleaning_rule", "shift", "operator", "leave", "slot",
                 "roster_assignment", "working_time_rules", "app_user", "signature", "audit_log")
#: functions a client (the application role) may call
CLIENT_FUNCTIONS = ("auth_params(text)", "sign_in(text, text, integer)", "sign_out()",
                    "whoami()", "verify_log()")

_FN = "SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp SET TimeZone = 'UTC'"

_SQL = [
    f"CREATE SCHEMA {SCHEMA}",
    f"REVOKE ALL ON SCHEMA {SCHEMA} FROM PUBLIC",
    f"""CREATE TABLE {SCHEMA}.secret (
        id integer PRIMARY KEY CHECK (id = 1),
        mac_key bytea NOT NULL,
        internal text NOT NULL)""",
    f"""INSERT INTO {SCHEMA}.secret VALUES (1,
        sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text
                          || gen_random_uuid()::text || clock_timestamp()::text, 'UTF8')),
        encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')),
               'hex'))""",
    f"""CREATE TABLE {SCHEMA}.user_secret (
        user_id integer PRIMARY KEY,
        phc text NOT NULL)""",
    f"""CREATE TABLE {SCHEMA}.log (
        id bigint PRIMARY KEY,
        txid bigint NOT NULL,
        at timestamptz NOT NULL,
        db_role text NOT NULL,
        trusted boolean NOT NULL,
        app_user text,
        app_roles jsonb,
        tbl text NOT NULL,
        row_id bigint,
        op text NOT NULL,
        old jsonb,
        new jsonb,
        prev_mac text NOT NULL,
        mac text NOT NULL)""",
    f"CREATE INDEX ix_log_txid ON {SCHEMA}.log (txid)",
    f"CREATE SEQUENCE {SCHEMA}.log_id_seq",
    f"""CREATE TABLE {SCHEMA}.chain (
        id integer PRIMARY KEY CHECK (id = 1),
        last_mac text NOT NULL,
        rows bigint NOT NULL)""",
    f"INSERT INTO {SCHEMA}.chain VALUES (1, repeat('0', 64), 0)",
    # HMAC-SHA256 (RFC 2104) with the built-in sha256(): no extension needed
    f"""CREATE FUNCTION {SCHEMA}.hmac(key bytea, msg bytea) RETURNS bytea
        LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog AS $$
        DECLARE
            k bytea := CASE WHEN length(key) > 64 THEN sha256(key) ELSE key END;
            ipad bytea;
            opad bytea;
        BEGIN
            k := k || decode(repeat('00', 64 - length(k)), 'hex');
            ipad := k;
            opad := k;
            FOR n IN 0..63 LOOP
                ipad := set_byte(ipad, n, get_byte(k, n) # 54);
                opad := set_byte(opad, n, get_byte(k, n) # 92);
            END LOOP;
            RETURN sha256(opad || sha256(ipad || msg));
        END $$""",
    # a connection the guards trust: the owner (or a superuser), or our own functions at work
    f"""CREATE FUNCTION {SCHEMA}.trusted() RETURNS boolean LANGUAGE sql VOLATILE {_FN} AS $$
        SELECT coalesce(current_setting('necst.internal', true), '')
                   = (SELECT internal FROM {SCHEMA}.secret WHERE id = 1)
            OR pg_has_role(session_user,
                           (SELECT relowner FROM pg_class WHERE oid = 'public.audit_log'::regclass),
                           'MEMBER')
        $$""",
    # the signed-in user of this transaction's session token, with their current roles
    f"""CREATE FUNCTION {SCHEMA}.me(OUT user_id integer, OUT username text, OUT full_name text,
                                    OUT roles jsonb, OUT must_change boolean,
                                    OUT signed_in_at timestamptz, OUT expires_at timestamptz)
        LANGUAGE sql STABLE {_FN} AS $$
        SELECT u.id, u.username::text, u.full_name::text, u.roles::jsonb, u.must_change_password,
               s.created_at, s.expires_at
          FROM public.auth_session s JOIN public.app_user u ON u.id = s.user_id
         WHERE coalesce(current_setting('necst.session', true), '') <> ''
           AND s.token_hash = encode(sha256(convert_to(current_setting('necst.session', true),
                                                       'UTF8')), 'hex')
           AND s.expires_at > clock_timestamp() AND NOT u.locked AND NOT u.retired
        $$""",
    f"""CREATE FUNCTION {SCHEMA}.whoami(OUT user_id integer, OUT username text, OUT full_name text,
                                        OUT roles jsonb, OUT must_change boolean,
                                        OUT signed_in_at timestamptz, OUT expires_at timestamptz)
        LANGUAGE sql STABLE {_FN} AS $$ SELECT * FROM {SCHEMA}.me() $$""",
    f"""CREATE FUNCTION {SCHEMA}.auth_params(p_username text) RETURNS text
        LANGUAGE plpgsql STABLE {_FN} AS $$
        DECLARE
            v text;
        BEGIN
            SELECT s.phc INTO v FROM public.app_user u JOIN {SCHEMA}.user_secret s
                ON s.user_id = u.id WHERE u.username = lower(btrim(p_username)) AND NOT u.retired;
            IF v IS NULL OR v !~ '^\\$argon2' THEN
                -- the same shape for an unknown user: nobody learns which names exist
                RETURN '$argon2id$v=19$m=65536,t=3,p=4$' || rtrim(encode(substr({SCHEMA}.hmac(
                    (SELECT mac_key FROM {SCHEMA}.secret WHERE id = 1),
                    convert_to(lower(btrim(p_username)), 'UTF8')), 1, 16), 'base64'), '=');
            END IF;
            RETURN regexp_replace(v, '\\$[^$]*$', '');
        END $$""",
    f"""CREATE FUNCTION {SCHEMA}.sign_in(p_username text, p_proof text, p_minutes integer,
                                         OUT outcome text, OUT token text, OUT user_id integer,
                                         OUT must_change boolean)
        LANGUAGE plpgsql VOLATILE {_FN} AS $$
        DECLARE
            u public.app_user;
            stored text;
        BEGIN
            -- the row lock serialises concurrent tries: every failure is counted
            SELECT * INTO u FROM public.app_user
             WHERE username = lower(btrim(p_username)) AND NOT retired FOR UPDATE;
            IF NOT FOUND THEN
                outcome := 'unknown';
                RETURN;
            END IF;
            user_id := u.id;
            must_change := u.must_change_password;
            IF u.locked THEN
                outcome := 'locked';
                RETURN;
            END IF;
            SELECT phc INTO stored FROM {SCHEMA}.user_secret s WHERE s.user_id = u.id;
            PERFORM set_config('necst.internal', (SELECT internal FROM {SCHEMA}.secret), true);
            IF stored IS NOT NULL AND coalesce(p_proof, '') <> ''
               AND substring(stored from '[^$]*$') = p_proof THEN
                IF u.failed_logins <> 0 THEN
                    UPDATE public.app_user SET failed_logins = 0 WHERE id = u.id;
                END IF;
                token := encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text
                                                  || clock_timestamp()::text, 'UTF8')), 'hex');
                INSERT INTO public.auth_session (token_hash, user_id, username, created_at,
                                                 expires_at)
                VALUES (encode(sha256(convert_to(token, 'UTF8')), 'hex'), u.id, u.username,
                        clock_timestamp(),
                        clock_timestamp() + make_interval(mins => least(greatest(p_minutes, 1), 1440)));
                outcome := 'ok';
            ELSE
                UPDATE public.app_user SET failed_logins = failed_logins + 1,
                                           locked = failed_logins + 1 >= {MAX_FAILED}
                 WHERE id = u.id RETURNING * INTO u;
                outcome := CASE WHEN u.locked THEN 'now-locked' ELSE 'wrong' END;
            END IF;
            PERFORM set_config('necst.internal', '', true);
        END $$""",
    f"""CREATE FUNCTION {SCHEMA}.sign_out() RETURNS void LANGUAGE sql VOLATILE {_FN} AS $$
        DELETE FROM public.auth_session
         WHERE token_hash = encode(sha256(convert_to(coalesce(current_setting('necst.session', true),
                                                              ''), 'UTF8')), 'hex')
        $$""",
    f"""CREATE FUNCTION {SCHEMA}.refuse(what text) RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'NECST refused: %', what USING ERRCODE = 'insufficient_privilege';
        END $$""",
    f"""CREATE FUNCTION {SCHEMA}.guard_user() RETURNS trigger LANGUAGE plpgsql {_FN} AS $$
        DECLARE
            me record;
            admin boolean;
            own boolean;
        BEGIN
            IF NOT {SCHEMA}.trusted() THEN
                SELECT * INTO me FROM {SCHEMA}.me();
                admin := me.user_id IS NOT NULL AND me.roles ? 'admin';
                own := me.user_id IS NOT NULL AND TG_OP = 'UPDATE' AND me.user_id = OLD.id;
                IF TG_OP = 'INSERT' THEN
                    IF NOT admin THEN
                        PERFORM {SCHEMA}.refuse('only a signed-in administrator may create users');
                    END IF;
                    NEW.failed_logins := 0;
                    NEW.locked := false;
                    NEW.must_change_password := true;
                ELSE
                    IF (NEW.username, NEW.full_name, NEW.roles::text, NEW.retired)
                       IS DISTINCT FROM (OLD.username, OLD.full_name, OLD.roles::text, OLD.retired)
                       AND NOT admin THEN
                        PERFORM {SCHEMA}.refuse('only a signed-in administrator may change users');
                    END IF;
                    IF (NEW.failed_logins, NEW.locked) IS DISTINCT FROM (OLD.failed_logins, OLD.locked)
                       AND NOT (admin AND NOT NEW.locked AND NEW.failed_logins = 0) THEN
                        PERFORM {SCHEMA}.refuse('the lock-out is kept by the server; only an '
                                                'administrator may unlock an account');
                    END IF;
                    IF NEW.password_hash IS DISTINCT FROM OLD.password_hash THEN
                        IF own AND me.signed_in_at > clock_timestamp()
                                                     - make_interval(mins => {FRESH_MINUTES}) THEN
                            NEW.must_change_password := false;
                        ELSIF admin THEN
                            NEW.must_change_password := true;
                        ELSE
                            PERFORM {SCHEMA}.refuse('a password is set by its user just after '
                                                    'signing in, or reset by an administrator');
                        END IF;
                    ELSIF NEW.must_change_password IS DISTINCT FROM OLD.must_change_password
                          AND NOT (admin AND NEW.must_change_password) THEN
                        PERFORM {SCHEMA}.refuse('only a new password clears must_change_password');
                    END IF;
                END IF;
            END IF;
            -- password hashes never stay where the application role can read them
            IF NEW.password_hash IS NOT NULL AND NEW.password_hash NOT IN ('', 'server') THEN
                INSERT INTO {SCHEMA}.user_secret (user_id, phc) VALUES (NEW.id, NEW.password_hash)
                ON CONFLICT (user_id) DO UPDATE SET phc = EXCLUDED.phc;
                NEW.password_hash := 'server';
            ELSIF coalesce(NEW.password_hash, '') = '' THEN
                DELETE FROM {SCHEMA}.user_secret WHERE user_id = NEW.id;
                NEW.password_hash := '';
            END IF;
            RETURN NEW;
        END $$""",
    f"""CREATE FUNCTION {SCHEMA}.guard_signature() RETURNS trigger LANGUAGE plpgsql {_FN} AS $$
        DECLARE
            me record;
        BEGIN
            IF {SCHEMA}.trusted() THEN
                RETURN NEW;
            END IF;
            SELECT * INTO me FROM {SCHEMA}.me();
            IF me.user_id IS NULL OR me.username <> NEW.username THEN
                PERFORM {SCHEMA}.refuse('a signature is made by the signer, signed in');
            END IF;
            IF me.signed_in_at < clock_timestamp() - make_interval(mins => {FRESH_MINUTES}) THEN
                PERFORM {SCHEMA}.refuse('a signature needs the password at the moment of signing');
            END IF;
            IF me.must_change THEN
                PERFORM {SCHEMA}.refuse('the signer must first replace the password an '
                                        'administrator set');
            END IF;
            IF NOT ((NEW.meaning = 'changeover released' AND me.roles ? 'qa')
                    OR (NEW.meaning LIKE 'plan approved%'
                        AND me.roles ?| array['planner', 'manager'])) THEN
                PERFORM {SCHEMA}.refuse('the signer''s role may not make this signature');
            END IF;
            IF NEW.printed_name <> me.full_name THEN
                PERFORM {SCHEMA}.refuse('the printed name must be the signer''s own');
            END IF;
            RETURN NEW;
        END $$""",
    f"""CREATE FUNCTION {SCHEMA}.guard_slot() RETURNS trigger LANGUAGE plpgsql {_FN} AS $$
        DECLARE
            me record;
        BEGIN
            IF NEW.released AND (TG_OP = 'INSERT' OR NOT OLD.released)
               AND NOT {SCHEMA}.trusted() THEN
                SELECT * INTO me FROM {SCHEMA}.me();
                IF me.user_id IS NULL OR NOT me.roles ? 'qa' THEN
                    PERFORM {SCHEMA}.refuse('only a signed-in QA user may release a changeover');
                END IF;
            END IF;
            RETURN NEW;
        END $$""",
    f"""CREATE FUNCTION {SCHEMA}.log_row() RETURNS trigger LANGUAGE plpgsql {_FN} AS $$
        DECLARE
            me record;
            r {SCHEMA}.log;
        BEGIN
            IF TG_OP <> 'INSERT' THEN r.old := to_jsonb(OLD); END IF;
            IF TG_OP <> 'DELETE' THEN r.new := to_jsonb(NEW); END IF;
            IF TG_OP = 'UPDATE' AND r.old = r.new THEN
                RETURN NULL;
            END IF;
            SELECT * INTO me FROM {SCHEMA}.me();
            SELECT last_mac INTO r.prev_mac FROM {SCHEMA}.chain WHERE id = 1 FOR UPDATE;
            r.id := nextval('{SCHEMA}.log_id_seq');
            r.txid := txid_current();
            r.at := clock_timestamp();
            r.db_role := session_user;
            r.trusted := {SCHEMA}.trusted();
            r.app_user := me.username;
            r.app_roles := me.roles;
            r.tbl := TG_TABLE_NAME;
            r.row_id := coalesce(r.new ->> 'id', r.old ->> 'id')::bigint;
            r.op := TG_OP;
            r.mac := '';
            r.mac := encode({SCHEMA}.hmac((SELECT mac_key FROM {SCHEMA}.secret WHERE id = 1),
                                          convert_to(r.prev_mac || (to_jsonb(r) - 'mac')::text,
                                                     'UTF8')), 'hex');
            INSERT INTO {SCHEMA}.log SELECT r.*;
            UPDATE {SCHEMA}.chain SET last_mac = r.mac, rows = rows + 1 WHERE id = 1;
            RETURN NULL;
        END $$""",
    # recompute the keyed chain (the key never leaves the server): rows, the first bad row
    f"""CREATE FUNCTION {SCHEMA}.verify_log(OUT rows bigint, OUT first_bad bigint,
                                            OUT complete boolean)
        LANGUAGE plpgsql STABLE {_FN} AS $$
        DECLARE
            r {SCHEMA}.log;
            k bytea := (SELECT mac_key FROM {SCHEMA}.secret WHERE id = 1);
            prev text := repeat('0', 64);
            expected text;
        BEGIN
            rows := 0;
            FOR r IN SELECT * FROM {SCHEMA}.log ORDER BY id LOOP
                rows := rows + 1;
                expected := r.mac;
                r.mac := '';
                IF first_bad IS NULL AND (r.prev_mac <> prev OR expected <> encode({SCHEMA}.hmac(
                        k, convert_to(r.prev_mac || (to_jsonb(r) - 'mac')::text, 'UTF8')), 'hex'))
                THEN
                    first_bad := r.id;
                END IF;
                prev := expected;
            END LOOP;
            complete := (SELECT last_mac = prev AND chain.rows = verify_log.rows
                           FROM {SCHEMA}.chain WHERE id = 1);
        END $$""",
]


def install(conn: Any) -> None:
    """Create the guard schema, its functions and the triggers (migration 0004_security)."""
    for stmt in _SQL:
        conn.execute(text(stmt))
    # existing password hashes move where the application role cannot read them
    conn.execute(text(f"""INSERT INTO {SCHEMA}.user_secret (user_id, phc)
                          SELECT id, password_hash FROM public.app_user
                           WHERE password_hash LIKE '$argon2%'"""))
    conn.execute(text("UPDATE public.app_user SET password_hash = 'server' "
                      "WHERE password_hash LIKE '$argon2%'"))
    conn.execute(text(f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA {SCHEMA} FROM PUBLIC"))
    conn.execute(text("REVOKE ALL ON public.auth_session FROM PUBLIC"))
    install_triggers(conn, LOGGED_TABLES)


def install_triggers(conn: Any, tables: tuple[str, ...]) -> None:
    """Guard and log ``tables`` (a later migration that adds an audited table calls this)."""
    for table in tables:
        conn.execute(text(f"DROP TRIGGER IF EXISTS necst_log ON public.{table}"))
        ops = "INSERT" if table == "audit_log" else "INSERT OR UPDATE OR DELETE"
        conn.execute(text(f"CREATE TRIGGER necst_log AFTER {ops} ON public.{table} "
                          f"FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.log_row()"))
    guards = {"app_user": "guard_user", "signature": "guard_signature", "slot": "guard_slot"}
    for table, func in guards.items():
        if table in tables:
            conn.execute(text(f"DROP TRIGGER IF EXISTS necst_guard ON public.{table}"))
            conn.execute(text(f"CREATE TRIGGER necst_guard BEFORE INSERT OR UPDATE ON "
                              f"public.{table} FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.{func}()"))


def uninstall(conn: Any) -> None:
    """Undo :func:`install`, putting the password hashes back (migration downgrade)."""
    for table in LOGGED_TABLES:
        conn.execute(text(f"DROP TRIGGER IF EXISTS necst_log ON public.{table}"))
        conn.execute(text(f"DROP TRIGGER IF EXISTS necst_guard ON public.{table}"))
    conn.execute(text(f"""UPDATE public.app_user u SET password_hash = s.phc
                            FROM {SCHEMA}.user_secret s WHERE s.user_id = u.id"""))
    conn.execute(text(f"DROP SCHEMA {SCHEMA} CASCADE"))


def grants(role: str) -> list[str]:
    """What the application role ``role`` gets on these objects (``necst db grant-app-role``)."""
    stmts = [f'GRANT USAGE ON SCHEMA {SCHEMA} TO "{role}"',
             f'REVOKE ALL ON ALL TABLES IN SCHEMA {SCHEMA} FROM "{role}"',
             f'GRANT SELECT ON {SCHEMA}.log TO "{role}"',
             f'REVOKE ALL ON public.auth_session FROM "{role}"']
    stmts += [f'GRANT EXECUTE ON FUNCTION {SCHEMA}.{fn} TO "{role}"' for fn in CLIENT_FUNCTIONS]
    return stmts


def installed(conn: Any) -> bool:
    return bool(conn.execute(text("SELECT 1 FROM pg_namespace WHERE nspname = :s"),
                             {"s": SCHEMA}).scalar())
