ALTER TABLE `case_attempts` ADD `client` text;--> statement-breakpoint
CREATE INDEX `case_attempts_client` ON `case_attempts` (`client`,`at`);--> statement-breakpoint
ALTER TABLE `cases` ADD `pin_hash` text;