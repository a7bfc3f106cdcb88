CREATE TABLE `case_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_number` text NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`kind` text NOT NULL,
	`from_value` text,
	`to_value` text,
	`reason` text,
	`note` text
);
--> statement-breakpoint
CREATE INDEX `case_events_case` ON `case_events` (`case_number`,`id`);--> statement-breakpoint
CREATE TABLE `directory_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` text NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`entry` text
);
--> statement-breakpoint
CREATE INDEX `directory_versions_entry` ON `directory_versions` (`entry_id`,`id`);--> statement-breakpoint
ALTER TABLE `cases` ADD `assigned_to` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `close_reason` text;--> statement-breakpoint
CREATE INDEX `cases_created` ON `cases` (`created_at`);--> statement-breakpoint
CREATE TRIGGER `case_events_no_update` BEFORE UPDATE ON `case_events` BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;--> statement-breakpoint
CREATE TRIGGER `case_events_no_delete` BEFORE DELETE ON `case_events` BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;--> statement-breakpoint
CREATE TRIGGER `directory_versions_no_update` BEFORE UPDATE ON `directory_versions` BEGIN SELECT RAISE(ABORT, 'directory_versions is append-only'); END;--> statement-breakpoint
CREATE TRIGGER `directory_versions_no_delete` BEFORE DELETE ON `directory_versions` BEGIN SELECT RAISE(ABORT, 'directory_versions is append-only'); END;--> statement-breakpoint
UPDATE `cases` SET `status` = 'assessing' WHERE `status` = 'in_progress';
