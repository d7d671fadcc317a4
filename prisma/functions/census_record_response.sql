-- Where an answer is recorded: in one round trip, wait behind close (which takes the same lock alone), then,
-- in statements that each see what committed before them, check the person is invited and still active on the
-- roster, check the campaign is open, flip participation and add the ballot, both or neither. Also says how many
-- ballots wait for a shuffle; if all that has not finished within p_budget_ms of the statement's start, raise
-- SQLSTATE CB408 so that nothing is recorded (the person is told to send again, never shown a failure for an
-- answer that counted). Called by CensusRepository.recordResponse (src/storage/census-repository.ts).
-- Last defined in migrations/20261205180500_answer_commit_deadline.
--
-- The text the migrations leave in the database (pg_get_functiondef). Applied only by migrations: change it
-- with a new migration and copy the result here (test/integration/stored-functions.test.ts keeps the two equal).

CREATE OR REPLACE FUNCTION public.census_record_response(p_campaign uuid, p_employee uuid, p_ballot bytea, p_budget_ms integer DEFAULT NULL::integer)
 RETURNS TABLE(outcome text, tail integer)
 LANGUAGE plpgsql
AS $function$
DECLARE
    v_open BOOLEAN;
    v_before TEXT;
    v_flipped INTEGER;
    v_tail INTEGER;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtextextended(p_campaign::text, 728));
    SELECT i.status INTO v_before FROM invitation i JOIN employee e ON e.id = i.employee_id
        WHERE i.campaign_id = p_campaign AND i.employee_id = p_employee AND e.active;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'not-invited'::text, 0;
        RETURN;
    END IF;
    SELECT EXISTS (SELECT 1 FROM campaign WHERE id = p_campaign AND status = 'open') INTO v_open;
    IF NOT v_open THEN
        RETURN QUERY SELECT CASE WHEN v_before = 'responded' THEN 'already-responded' ELSE 'campaign-closed' END, 0;
        RETURN;
    END IF;
    UPDATE invitation SET status = 'responded', responded_on = current_date
        WHERE campaign_id = p_campaign AND employee_id = p_employee AND status <> 'responded';
    GET DIAGNOSTICS v_flipped = ROW_COUNT;
    IF v_flipped = 0 THEN
        RETURN QUERY SELECT 'already-responded'::text, 0;
        RETURN;
    END IF;
    INSERT INTO sealed_ballot (id, campaign_id, sealed) VALUES (gen_random_uuid(), p_campaign, p_ballot);
    SELECT count(*)::int INTO v_tail FROM sealed_ballot WHERE campaign_id = p_campaign AND NOT settled;
    IF p_budget_ms IS NOT NULL AND clock_timestamp() > statement_timestamp() + p_budget_ms * interval '1 millisecond' THEN
        RAISE EXCEPTION 'the answer missed its deadline; nothing was recorded' USING ERRCODE = 'CB408';
    END IF;
    RETURN QUERY SELECT 'recorded'::text, v_tail;
END $function$
