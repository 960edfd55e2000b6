# expect: none
FROM node:22
RUN yarn install && yarn cache clean
RUN yarn && yarn build && yarn cache clean --force
RUN yarn install && rm -rf /usr/local/share/.cache/yarn
RUN yarn install && rm -rf "$(yarn cache dir)"
RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install
RUN --mount=type=cache,target=/root/.cache/yarn yarn install
RUN --mount=type=cache,target=/root/.cache yarn install
RUN --mount=type=cache,target=/yc yarn install --cache-folder /yc
RUN --mount=type=cache,target=/yc YARN_CACHE_FOLDER=/yc yarn install
RUN yarn build && yarn test && yarn --version && yarn run lint
RUN ["yarn", "install"]
RUN sh -c "yarn install"
RUN echo yarn install
RUN yarn install 'unclosed
