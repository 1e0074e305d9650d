CREATE TABLE `helpful_presses` (
	`press` text PRIMARY KEY NOT NULL,
	`day` text NOT NULL
);
