# expect: findings
FROM node:22-bookworm-slim AS base
RUN groupadd --gid 1500 web \
 && useradd --uid 1501 --gid web --create-home web
WORKDIR /home/web/app

FROM base
COPY --from=base /etc/hostname /tmp/
RUN npm ci --omit=dev
COPY --from=base /etc/os-release ./
CMD ["node", "server.js"]
