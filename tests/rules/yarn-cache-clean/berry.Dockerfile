# expect: none
# Yarn 2 and later load packages from the cache: cleaning it would break the application.
FROM node:22
WORKDIR /app
COPY package.json yarn.lock .yarnrc.yml ./
RUN yarn install
