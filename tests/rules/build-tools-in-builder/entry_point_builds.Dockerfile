# expect: findings
# The image starts by building, with the `CMD` of the stage it is built on: the tools stay.
FROM node:22-alpine AS base
WORKDIR /app
CMD ["npm", "run", "build"]

FROM base AS deps
RUN apk add --no-cache python3 make g++
RUN npm ci

FROM base
RUN apk add --no-cache git
COPY --from=deps /app/node_modules /app/node_modules
