-- Issue 17: a person deactivated on the roster (employee.active = false) is an outsider. The platform lookups
-- already require an active employee; the answer's one round trip requires it too, so that a person deactivated
-- between the lookup and the answer (or any caller that skips the lookup) records nothing: 'not-invited', exactly
-- as for someone who was never on the roster. Otherwise unchanged from 20261202050000_pool_mix_tiers.
CREATE OR REPLACE FUNCTION census_record_response(p_campaign UUID, p_employee UUID, p_ballot BYTEA)
    RETURNS TABLE (outcome TEXT, tail INTEGER) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_open BOOLEAN;
    v_before TEXT;
    v_flipped INTEGER;
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
    RETURN QUERY SELECT 'recorded'::text,
        (SELECT count(*)::int FROM sealed_ballot WHERE campaign_id = p_campaign AND NOT settled);
END $$;
