# expect: none
FROM node:22-alpine AS base
USER node
WORKDIR /home/node/app

FROM base
COPY --chown=node:node . .
RUN npm ci
CMD ["node", "index.js"]
