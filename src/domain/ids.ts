declare const brand: unique symbol;

/** A campaign's id. Branded so that no other id (a person's, say) can be passed in its place. */
export type CampaignId = string & { readonly [brand]: "CampaignId" };

/** A roster member's id. It may appear on the participation side only, never next to an answer. */
export type EmployeeId = string & { readonly [brand]: "EmployeeId" };

/** Marks a string read from storage or a trusted payload as a campaign id. */
export const asCampaignId = (id: string) => id as CampaignId;

/** Marks a string read from storage or a trusted payload as an employee id. */
export const asEmployeeId = (id: string) => id as EmployeeId;
