CREATE TABLE `results` (
	`code` text PRIMARY KEY NOT NULL,
	`region` text NOT NULL,
	`as_of` text NOT NULL,
	`answers` text NOT NULL,
	`lang` text NOT NULL,
	`created_at` text NOT NULL
);
