# expect: findings
FROM node:22
RUN yarn install --frozen-lockfile
RUN yarn && yarn build
RUN yarn --cwd app --production \
 && yarn --cwd app build
RUN yarn global add serve; yarn add left-pad
# The clean runs as the same user as the install.
RUN sudo -u node yarn install
RUN sudo -E yarn install
ONBUILD RUN yarn install
