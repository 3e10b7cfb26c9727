// English for the inbox list's views, counts, search, bulk actions and "New conversation"
// (joined into ../en.ts). Russian: ../ru/parts/views.ts.
export const viewsEn = {
} as const;
