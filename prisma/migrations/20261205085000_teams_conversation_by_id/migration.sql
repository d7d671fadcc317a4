-- CreateIndex
CREATE INDEX "teams_conversation_conversation_id_idx" ON "teams_conversation"("conversation_id");
