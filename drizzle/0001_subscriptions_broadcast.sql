CREATE TABLE `subscribers` (
	`owner` text PRIMARY KEY NOT NULL,
	`chat` text NOT NULL,
	`lang` text NOT NULL,
	`country` text,
	`topics` integer NOT NULL,
	`created` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `broadcast_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`status` text NOT NULL,
	`content` text,
	`audience` text NOT NULL,
	`operator_chat` text,
	`operator_lang` text NOT NULL,
	`progress_message_id` integer,
	`snapshot_cursor` text,
	`total` integer DEFAULT 0 NOT NULL,
	`sent` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`removed` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer
);
--> statement-breakpoint
CREATE TABLE `broadcast_recipients` (
	`id` integer PRIMARY KEY NOT NULL,
	`job_id` integer NOT NULL,
	`owner` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`not_before` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`job_id`) REFERENCES `broadcast_jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `broadcast_recipients_job_owner` ON `broadcast_recipients` (`job_id`,`owner`);--> statement-breakpoint
CREATE INDEX `broadcast_recipients_job_status` ON `broadcast_recipients` (`job_id`,`status`);--> statement-breakpoint
CREATE INDEX `broadcast_recipients_owner` ON `broadcast_recipients` (`owner`);