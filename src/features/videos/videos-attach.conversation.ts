import { createConversation } from "@grammyjs/conversations";
import { InlineKeyboard, type Middleware } from "grammy";
import type { Message } from "grammy/types";
import type { BotContext, FlowContext } from "../../bot/context.js";
import { visibleLength } from "../../bot/telegram/html.js";
import { CAPTION_LIMIT } from "../../bot/telegram/telegram-text.js";
import { FLOW_TIMEOUT_MS, type Flow } from "../../bot/ui/flow.js";
import { DESCRIPTION_MAX, TITLE_MAX, textIn } from "./videos.catalog.js";
import { pressOn, waitForAnswer } from "./videos.flow.js";
import { attachCodec, pagedFilms, pageFrom, videosCodec } from "./videos.keyboards.js";
import { fullCaption } from "./videos.render.js";
import type { VideoLibrary } from "./videos.service.js";

export const ATTACH_CONVERSATION = "videos-attach";

/** The video in an operator's message (sent or forwarded), as the attach flow needs it. */
export function videoFileOf(message: Message | undefined): { fileId: string; duration: number } | undefined {
  const video = message?.video;
  return video ? { fileId: video.file_id, duration: video.duration } : undefined;
}

interface Choice {
  slug: string;
  title: string;
  hasFile: boolean;
}

/** A video waiting for its film: the file and the operator's message it came in. */
interface Queued {
  fileId: string;
  duration: number;
  messageId: number;
}

/**
 * An operator sent or forwarded one video, or several in a row or as an album: which film is each
 * for? The bot asks about one video at a time, as a reply to it; videos sent meanwhile wait their
 * turn. Attaching replaces the film's file for everyone at once (asking first if it already had
 * one); "a new film" asks for a title and an optional description in the operator's language and
 * appends the film to the catalog; "skip" leaves a video out. The file_id goes into the database,
 * never into the content file. `/cancel` stops at any point; what was attached stays.
 */
export function attachConversation(library: VideoLibrary): Middleware<BotContext> {
  return createConversation<BotContext, FlowContext>(
    async (conversation: Flow, ctx: FlowContext) => {
      const first = videoFileOf(ctx.message);
      if (!first || !ctx.message) return;
      const queue: Queued[] = [{ ...first, messageId: ctx.message.message_id }];
      const lang = ctx.lang;
      const waiting = {
        onVideo: async (c: FlowContext) => {
          const file = videoFileOf(c.message);
          if (!file || !c.message) return false;
          queue.push({ ...file, messageId: c.message.message_id });
          await c.reply(ctx.t("films:queue.added"), {
            reply_parameters: { message_id: c.message.message_id, allow_sending_without_reply: true },
          });
          return true;
        },
        onCancel: (c: FlowContext) => c.reply(ctx.t(cancelledKey())),
      };
      /** What a cancel says: with videos still waiting, that they are left too. */
      const cancelledKey = () => (queue.length > 1 ? "films:queue.cancelled" : "videos:flow.cancelled");
      const remindButtons = (c: FlowContext) => c.reply(ctx.t("videos:flow.useButtons"));

      for (let file = queue[0]; file; queue.shift(), file = queue[0]) {
        const choices = await conversation.external(() =>
          library.entries().map(
            (video): Choice => ({
              slug: video.slug,
              title: textIn(video.title, lang),
              hasFile: library.playable(video).kind !== "none",
            }),
          ),
        );
        const keyboard = (page: number) => {
          const keys = pagedFilms(
            new InlineKeyboard(),
            ctx.t,
            choices,
            page,
            (choice, index) => {
              const label = ctx.t("videos:attach.item", {
                n: index + 1,
                title: choice.title,
                mark: choice.hasFile ? "✅" : "▫️",
              });
              return [label, attachCodec.encode("f", choice.slug)];
            },
            (p) => attachCodec.encode("p", p),
          );
          keys.text(ctx.t("videos:attach.new"), attachCodec.encode("new")).row();
          if (queue.length > 1) keys.text(ctx.t("films:queue.skip"), attachCodec.encode("k"));
          return keys.text(ctx.t("videos:flow.cancel"), attachCodec.encode("x"));
        };
        const question = await ctx.reply(ctx.t("videos:attach.which"), {
          reply_markup: keyboard(0),
          reply_parameters: { message_id: file.messageId, allow_sending_without_reply: true },
        });
        const press = (c: FlowContext) => pressOn(c, question.message_id, attachCodec.decode);

        let picked = await waitForAnswer(conversation, press, remindButtons, waiting);
        while (picked.value[0] === "p") {
          const page = pageFrom(picked.value[1], choices.length);
          await picked.ctx.editMessageReplyMarkup({ reply_markup: keyboard(page) });
          picked = await waitForAnswer(conversation, press, remindButtons, waiting);
        }
        const [action, slug] = picked.value;
        if (action === "x") {
          await picked.ctx.editMessageText(ctx.t(cancelledKey()));
          return;
        }
        if (action === "k") {
          await picked.ctx.editMessageText(ctx.t("films:queue.skipped"));
          continue;
        }

        if (action === "f" && slug) {
          const choice = choices.find((c) => c.slug === slug);
          if (!choice) {
            await picked.ctx.editMessageText(ctx.t("videos:attach.gone"));
            continue;
          }
          let answerCtx = picked.ctx;
          if (choice.hasFile) {
            await answerCtx.editMessageText(ctx.t("videos:attach.replace", { title: choice.title }), {
              reply_markup: new InlineKeyboard()
                .text(ctx.t("videos:attach.replaceYes"), attachCodec.encode("y"))
                .text(ctx.t("videos:flow.cancel"), attachCodec.encode("x")),
            });
            const confirm = await waitForAnswer(conversation, press, remindButtons, waiting);
            if (confirm.value[0] !== "y") {
              await confirm.ctx.editMessageText(ctx.t(cancelledKey()));
              return;
            }
            answerCtx = confirm.ctx;
          }
          // Checked again at the moment of writing: someone removed from ADMIN_IDS since the flow
          // began (its state survives restarts) must not finish it.
          const attached = await conversation.external((outer) => {
            if (!outer.app.isAdmin(outer.from?.id)) return false;
            library.attach(slug, { fileId: file.fileId, kind: "video", duration: file.duration });
            outer.log.info({ video: slug }, "an operator attached a video file");
            return true;
          });
          if (!attached) return;
          await answerCtx.editMessageText(ctx.t("videos:attach.done", { title: choice.title }), {
            reply_markup: new InlineKeyboard().text(ctx.t("videos:attach.show"), videosCodec.encode("w", slug)),
          });
          continue;
        }

        // A new film: its title, then an optional description, in the operator's language.
        await picked.ctx.editMessageText(ctx.t("videos:attach.newChosen"));
        await ctx.reply(ctx.t("videos:attach.askTitle", { max: TITLE_MAX, language: ctx.t("common:languageName") }));
        const title = await waitForAnswer(
          conversation,
          (c) => {
            const text = c.message?.text?.trim();
            return text && !text.startsWith("/") && text.length <= TITLE_MAX ? text : undefined;
          },
          (c) => c.reply(ctx.t("videos:attach.badTitle", { max: TITLE_MAX })),
          waiting,
        );
        const skipKeyboard = new InlineKeyboard().text(ctx.t("videos:attach.skip"), attachCodec.encode("s"));
        const ask = await ctx.reply(ctx.t("videos:attach.askDescription", { max: DESCRIPTION_MAX }), {
          reply_markup: skipKeyboard,
        });
        const username = ctx.me.username;
        const fits = (description: string) =>
          visibleLength(
            fullCaption(
              ctx.t,
              {
                slug: "new",
                origin: "operator",
                placeholder: false,
                title: { [lang]: title.value },
                description: { [lang]: description },
                speaker: undefined,
                duration: file.duration,
                media: undefined,
                mediaBasis: "null",
              },
              lang,
              username,
            ),
          ) <= CAPTION_LIMIT;
        const description = await waitForAnswer(
          conversation,
          (c) => {
            if (pressOn(c, ask.message_id, attachCodec.decode)?.[0] === "s") return "";
            const text = c.message?.text?.trim();
            return text && !text.startsWith("/") && text.length <= DESCRIPTION_MAX && fits(text) ? text : undefined;
          },
          (c) => c.reply(ctx.t("videos:attach.badDescription", { max: DESCRIPTION_MAX })),
          waiting,
        );
        if (description.ctx.callbackQuery) await description.ctx.editMessageReplyMarkup();
        const added = await conversation.external((outer) => {
          if (!outer.app.isAdmin(outer.from?.id)) return undefined;
          const film = library.addFilm({
            lang,
            title: title.value,
            description: description.value,
            fileId: file.fileId,
            kind: "video",
            duration: file.duration,
          });
          outer.log.info({ video: film.slug }, "an operator added a film");
          return { slug: film.slug, n: library.entries().length };
        });
        if (!added) return;
        await description.ctx.reply(
          ctx.t("videos:attach.added", {
            n: added.n,
            title: title.value,
            slug: added.slug,
            language: ctx.t("common:languageName"),
          }),
          { reply_markup: new InlineKeyboard().text(ctx.t("videos:attach.show"), videosCodec.encode("w", added.slug)) },
        );
      }
    },
    { id: ATTACH_CONVERSATION, maxMillisecondsToWait: FLOW_TIMEOUT_MS },
  );
}
