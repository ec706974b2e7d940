# Comment moderation service: one image for every role (all-in-one, api, worker, admin CLI), on Node 24
# (the LTS line; package.json "engines" says >=20, the version the tests also run on).
#   docker build -t comment-moderation .
#   docker run comment-moderation                                     # migrations + api + workers
#   docker run comment-moderation node dist/src/processes/api.js      # api alone
#   docker run comment-moderation node dist/src/processes/workers.js  # the workers alone
#   docker run comment-moderation node dist/src/cli/admin.js --help

FROM node:24-bookworm-slim AS builder
WORKDIR /app
# Dependencies first, so a source change does not invalidate the npm ci layer.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: production dependencies need no install scripts (native addons such as
# msgpackr-extract ship prebuilt binaries and fall back to JavaScript).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
# Root owns the code and the node user runs it, so the process cannot rewrite itself.
# dist holds the compiled code with the Lua scripts it reads (src/**/*.lua, copied by the build) and the dashboard.
COPY --from=builder /app/dist ./dist
# The shipped text models: loaded at start, never downloaded.
COPY --from=builder /app/models ./models
USER node
EXPOSE 3000
CMD ["node", "dist/src/processes/all-in-one.js"]
