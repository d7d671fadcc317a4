-- CreateTable
CREATE TABLE "teams_conversation" (
    "user_id" TEXT NOT NULL,
    "aad_object_id" TEXT,
    "tenant_id" TEXT NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "service_url" TEXT NOT NULL,
    "reference" JSONB NOT NULL,

    CONSTRAINT "teams_conversation_pkey" PRIMARY KEY ("user_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "teams_conversation_aad_object_id_key" ON "teams_conversation"("aad_object_id");

