CREATE TABLE `source_tags` (
	`tag` text PRIMARY KEY NOT NULL,
	`created` text NOT NULL
);
