CREATE TABLE `access_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`token` text,
	`expires_at` text,
	`lease_until` text
);
