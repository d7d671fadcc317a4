-- Issue 19: an answer is never stored while the platform shows the person a failure. The answer path already
-- turns an answer away as busy before the write when it waited too long; but the wait for the campaign's lock
-- (close takes it alone), the write and the reply after it were unbounded, and on a starved machine an answer
-- could commit after Slack's 3 s while the person saw an error. The function now takes the time left (ms, from
-- when the statement starts) and, if the write has not finished inside it, raises SQLSTATE CB408: the statement
-- and everything it wrote roll back, and the person is told to send again. NULL keeps the old behaviour (no limit).
-- Otherwise unchanged from 20261205112500_answers_need_active_employee.
DROP FUNCTION census_record_response(UUID, UUID, BYTEA);
CREATE FUNCTION census_record_response(p_campaign UUID, p_employee UUID, p_ballot BYTEA, p_budget_ms INTEGER DEFAULT NULL)
    RETURNS TABLE (outcome TEXT, tail INTEGER) LANGUAGE plpgsql VOLATILE AS $$
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
END $$;
