# syntax=docker/dockerfile:1

# ── Build stage: install production dependencies; better-sqlite3 compiles its native addon
#    here, on the same Debian base and Node version as the runtime stage, so the binary fits.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev \
 && npm cache clean --force
# The chart renderer's native binary comes from npm (one optional package per platform), and so do
# the fonts (the slim image has none): the build fails here if either is missing.
RUN node -e "const { Resvg } = require('@resvg/resvg-js'); \
      for (const f of ['noto-sans/400Regular/NotoSans_400Regular.ttf', 'noto-sans-georgian/400Regular/NotoSansGeorgian_400Regular.ttf', 'noto-sans-armenian/400Regular/NotoSansArmenian_400Regular.ttf']) require.resolve('@expo-google-fonts/' + f); \
      new Resvg('<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>').render()"

# ── Runtime stage: no compilers, a non-root user, the database on a volume.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    DATABASE_PATH=/data/bot.sqlite
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY src ./src
COPY locales ./locales
COPY drizzle ./drizzle
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
# Webhook mode listens on PORT (default 8080) and answers GET /healthz.
EXPOSE 8080
# Migrations are applied by the bot itself at start-up, before it takes any update.
# Pass BOT_TOKEN, SECRET_KEY (from a secret store) and optionally WEBHOOK_URL at run time.
CMD ["node", "--import", "tsx", "src/main.ts"]
