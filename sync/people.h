/*
 * people.h - the "people" connector: the authoritative list of people, read
 * from an HR system's CSV export.
 *
 *	[source hr]
 *	kind = people
 *	path = people.csv          ; relative to the configuration file
 *	delimiter = semicolon      ; optional: one character, or comma,
 *	                           ; semicolon, tab, pipe (default ","); write
 *	                           ; ";" and tab by name: the INI reader takes
 *	                           ; " ;" for a comment and trims blanks
 *	column_employee_id = EmpID ; optional: the header name of a column
 *
 * The first row is a header. Columns are found by header name, ignoring
 * case and surrounding blanks, in any order; other columns are ignored:
 *
 *	employee_id    required column and value, unique in the file
 *	display_name   required column
 *	email, login, department
 *	manager_id     the manager's employee_id; empty, or the person's own
 *	               id (as many HR systems give their CEO), means none
 *	status         active or terminated, any case; empty means active
 *	end_date       YYYY-MM-DD or empty
 *
 * Every column can be renamed with column_NAME = HEADER, so an export can
 * be read as the HR system writes it. Empty cells are unknown (NULL).
 * The whole file is read and emitted before pull returns, so a bad row
 * anywhere leaves the previous snapshot as it was. Data errors are
 * PARC_EDATA with "FILE:LINE: message" (the line a record starts on); a
 * file that cannot be opened is PARC_ESOURCE.
 */
#ifndef PARC_PEOPLE_H
#define PARC_PEOPLE_H

#include "sync/source.h"

extern const struct source_ops people_ops;

#endif
