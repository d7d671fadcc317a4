-- The pool's index gains the ballot id, so the close reads its pages and a shuffle takes its sample by an index
-- range scan: keyset pages over (campaign_id, settled, id), instead of sorting every remaining ballot per page.
DROP INDEX "sealed_ballot_campaign_id_settled_idx";
CREATE INDEX "sealed_ballot_campaign_id_settled_id_idx" ON "sealed_ballot"("campaign_id", "settled", "id");
