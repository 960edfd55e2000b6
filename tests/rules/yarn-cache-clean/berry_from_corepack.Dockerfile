# expect: none
FROM node:22
RUN corepack enable && corepack prepare yarn@4.5.0 --activate
RUN yarn install
