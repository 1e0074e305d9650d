CREATE TABLE `reach_digests` (
	`owner` text PRIMARY KEY NOT NULL,
	`chat` text NOT NULL,
	`lang` text NOT NULL,
	`last_week` text
);
