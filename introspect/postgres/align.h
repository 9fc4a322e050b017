// Server-side alignment of expressions a file spells differently from the server.
#pragma once

#include "introspect/postgres/introspect.h"

namespace keel::introspect::postgres {

/// The server rewrites some constants when it stores an expression (typed literals folded,
/// money and numeric rounded, interval qualifiers applied, AT TIME ZONE casts), which no
/// offline canonical form can follow for every type. When one side of a diff is a live
/// database, each column default and CHECK of the file side whose canonical key differs from
/// its live counterpart is stored once by that server on a temporary table, in a transaction
/// that is always rolled back, and read back; when the server's spelling then equals the live
/// one, the file side takes it. Nothing is ever written. Returns how many were aligned.
/// Also resolves the session roles (ResolveSessionRoles).
int AlignWithServer(pqxx::connection& conn, model::Catalog& files, const model::Catalog& live);

/// CURRENT_USER, CURRENT_ROLE and SESSION_USER in the files' policies and grants are the
/// connecting role (the server stores the role itself): replaced by its name. Returns how many.
int ResolveSessionRoles(pqxx::connection& conn, model::Catalog& files);

/// The owner holds every privilege on its object, so a grant the files make to it is no
/// difference: drops such grants from the file side. The owner is the live one, or the
/// connecting role for an object the plan would create. Returns how many were dropped.
int DropOwnerGrants(pqxx::connection& conn, model::Catalog& files);

}  // namespace keel::introspect::postgres
