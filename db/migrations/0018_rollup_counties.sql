-- The province roll-up (issue 19): a province (or city) deployment names the counties it sums, each a namespace of
-- the same libSQL server (sqld --enable-namespaces) holding one county's own xuefa database. Listed in the order
-- they were added, which is the order of the roll-up's rows. `xuefa county add|remove|list` keeps it.
CREATE TABLE rollup_counties (
  position  INTEGER PRIMARY KEY,
  namespace TEXT NOT NULL UNIQUE CHECK (namespace GLOB '[a-z0-9]*' AND length(namespace) BETWEEN 1 AND 63),
  added_at  TEXT NOT NULL
);
