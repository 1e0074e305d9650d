CREATE TABLE `event_overrides` (
	`key` text PRIMARY KEY NOT NULL,
	`cancelled` integer DEFAULT false NOT NULL,
	`remind_days` text
);
--> statement-breakpoint
CREATE TABLE `event_reminders` (
	`key` text NOT NULL,
	`days` integer NOT NULL,
	`queued` text NOT NULL,
	PRIMARY KEY(`key`, `days`)
);
--> statement-breakpoint
CREATE TABLE `operator_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`preset` text,
	`title` text,
	`description` text,
	`city` text,
	`link` text,
	`start` text NOT NULL,
	`end` text NOT NULL,
	`remind_days` text NOT NULL,
	`cancelled` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE `helpful_presses` (
	`press` text PRIMARY KEY NOT NULL,
	`day` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `reach_digests` (
	`owner` text PRIMARY KEY NOT NULL,
	`chat` text NOT NULL,
	`lang` text NOT NULL,
	`last_week` text
);
--> statement-breakpoint
CREATE INDEX `daily_counters_metric_day` ON `daily_counters` (`metric`,`day`);