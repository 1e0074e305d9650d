# syntax=docker/dockerfile:1

# Node.js 26 ("Lithium") is the Active LTS line (since 2026-10-28, supported until 2029-04-30),
# on Debian 13 (trixie), slim. Development and CI still work on Node 20.19+ and 22.12+ (engines).

# ── Build stage: all dependencies (better-sqlite3 compiles its native addon here, on the same
#    Debian and Node as the runtime stage, so the binary fits), TypeScript compiled to dist/,
#    then dev dependencies pruned away.
FROM node:26-trixie-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# TypeScript is an optional peer of i18next, which `npm prune --omit=dev` keeps: removed by hand
# (--omit=optional would also remove the chart renderer's native binary, checked below).
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/typescript node_modules/.bin/tsc node_modules/.bin/tsserver \
 && npm cache clean --force
# The chart renderer's native binary comes from npm (one optional package per platform), and so do
# the fonts (the slim image has none): the build fails here if either is missing.
RUN node -e "const { Resvg } = require('@resvg/resvg-js'); \
      for (const f of ['noto-sans/400Regular/NotoSans_400Regular.ttf', 'noto-sans-georgian/400Regular/NotoSansGeorgian_400Regular.ttf', 'noto-sans-armenian/400Regular/NotoSansArmenian_400Regular.ttf']) require.resolve('@expo-google-fonts/' + f); \
      new Resvg('<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>').render()"

# ── Runtime stage: compiled JavaScript, production dependencies, locales and migrations; no
#    compilers, no tsx, TypeScript or test tools; a non-root user; the database on a volume.
FROM node:26-trixie-slim AS runtime
# REQUIRE_SECRET_KEY: no start without SECRET_KEY_FILE (a mounted secret) or SECRET_KEY, so the
# key never ends up beside the data in the /data volume.
ENV NODE_ENV=production \
    DATABASE_PATH=/data/bot.sqlite \
    REQUIRE_SECRET_KEY=1
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY locales ./locales
COPY drizzle ./drizzle
RUN mkdir -p /data \
 && chown node:node /data \
 && chmod 0700 /data
USER node
VOLUME ["/data"]
# Webhook mode listens on PORT (default 8080) and answers GET /healthz.
EXPOSE 8080
# Migrations are applied by the bot itself at start-up, before it takes any update.
# Pass BOT_TOKEN, SECRET_KEY_FILE (or SECRET_KEY) and optionally ADMIN_IDS, WEBHOOK_URL at run time.
CMD ["node", "dist/main.js"]
