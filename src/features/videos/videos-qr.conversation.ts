import { createConversation } from "@grammyjs/conversations";
import { InlineKeyboard, InputFile, type Middleware } from "grammy";
import type { BotContext, FlowContext } from "../../bot/context.js";
import { formatStartPayload } from "../../bot/ui/deep-link.js";
import { FLOW_TIMEOUT_MS, type Flow } from "../../bot/ui/flow.js";
import { textIn } from "./videos.catalog.js";
import { pressOn, waitForAnswer } from "./videos.flow.js";
import { botLink, qrCodec } from "./videos.keyboards.js";
import { qrPng, SOURCE_TAG } from "./videos.qr.js";
import type { VideoLibrary } from "./videos.service.js";

export const QR_CONVERSATION = "videos-qr";

/** What a QR code opens: the bot's welcome, the film list, or one film. */
export type QrTarget = { kind: "bot" } | { kind: "list" } | { kind: "film"; slug: string; title: string };

/** The deep link of a target with an optional source tag. */
export function targetLink(username: string, target: QrTarget, tag: string | undefined): string {
  if (target.kind === "film") return botLink(username, formatStartPayload("video", target.slug, tag));
  if (target.kind === "list") return botLink(username, formatStartPayload("videos", "", tag));
  return botLink(username, tag ? formatStartPayload("", "", tag) : "");
}

/** Sends the QR code of a target's link as a photo, with the link and tag spelled out. */
export async function sendOperatorQr(
  ctx: BotContext | FlowContext,
  target: QrTarget,
  tag: string | undefined,
): Promise<void> {
  const link = targetLink(ctx.me.username, target, tag);
  const png = await qrPng(link);
  const what =
    target.kind === "film"
      ? ctx.t("videos:qr.targetFilm", { title: target.title })
      : ctx.t(target.kind === "list" ? "videos:qr.targetList" : "videos:qr.targetBot");
  const caption = ctx.t(tag ? "videos:qr.operatorCaption" : "videos:qr.operatorCaptionNoTag", { what, link, tag });
  const name = `qr-${target.kind === "film" ? target.slug : target.kind}${tag ? `-${tag}` : ""}.png`;
  await ctx.replyWithPhoto(new InputFile(png, name), { caption, parse_mode: "HTML" });
}

/**
 * `/qr` for operators: which link (the bot, the film list, a film), then the source tag they
 * name for the place it will be used (a meeting, a partner, a poster). People who open the link
 * are only counted under that tag.
 */
export function qrConversation(
  library: VideoLibrary,
  counters: { count: (metric: string, dims: Record<string, string>) => void },
): Middleware<BotContext> {
  return createConversation<BotContext, FlowContext>(
    async (conversation: Flow, ctx: FlowContext) => {
      const lang = ctx.lang;
      const films = await conversation.external(() =>
        library.entries().map((video) => ({ slug: video.slug, title: textIn(video.title, lang) })),
      );
      const keyboard = new InlineKeyboard()
        .text(ctx.t("videos:qr.targetBot"), qrCodec.encode("b"))
        .text(ctx.t("videos:qr.targetList"), qrCodec.encode("l"))
        .row();
      films.forEach((film, index) => {
        keyboard
          .text(ctx.t("videos:list.item", { n: index + 1, title: film.title }), qrCodec.encode("f", film.slug))
          .row();
      });
      keyboard.text(ctx.t("videos:flow.cancel"), qrCodec.encode("x"));
      const question = await ctx.reply(ctx.t("videos:qr.which"), { reply_markup: keyboard });
      const remindButtons = (c: FlowContext) => c.reply(ctx.t("videos:flow.useButtons"));

      const picked = await waitForAnswer(
        conversation,
        (c) => pressOn(c, question.message_id, qrCodec.decode),
        remindButtons,
      );
      const [action, slug] = picked.value;
      let target: QrTarget;
      if (action === "b") target = { kind: "bot" };
      else if (action === "l") target = { kind: "list" };
      else if (action === "f" && slug && films.some((film) => film.slug === slug)) {
        target = { kind: "film", slug, title: films.find((film) => film.slug === slug)?.title ?? slug };
      } else {
        await picked.ctx.editMessageText(ctx.t("videos:flow.cancelled"));
        return;
      }

      await picked.ctx.editMessageText(ctx.t("videos:qr.askTag"), {
        reply_markup: new InlineKeyboard()
          .text(ctx.t("videos:qr.noTag"), qrCodec.encode("n"))
          .text(ctx.t("videos:flow.cancel"), qrCodec.encode("x")),
      });
      const tagged = await waitForAnswer(
        conversation,
        (c) => {
          const press = pressOn(c, question.message_id, qrCodec.decode);
          if (press?.[0] === "n") return { tag: undefined as string | undefined };
          if (press?.[0] === "x") return { cancel: true };
          const text = c.message?.text?.trim();
          return text && SOURCE_TAG.test(text) ? { tag: text } : undefined;
        },
        (c) => c.reply(ctx.t("videos:qr.badTag")),
      );
      if ("cancel" in tagged.value) {
        await tagged.ctx.editMessageText(ctx.t("videos:flow.cancelled"));
        return;
      }
      const tag = tagged.value.tag;
      if (tag !== undefined) await conversation.external((outer) => outer.app.counters.registerSource(tag));
      if (tagged.ctx.callbackQuery) await tagged.ctx.editMessageReplyMarkup();
      await sendOperatorQr(tagged.ctx, target, tag);
      await conversation.external(() => counters.count("qr.made", { target: target.kind, by: "operator" }));
    },
    { id: QR_CONVERSATION, maxMillisecondsToWait: FLOW_TIMEOUT_MS },
  );
}
