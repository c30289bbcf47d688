// Package auditpol reads a Windows advanced audit policy and says which
// Security events it has Windows write.
//
// Two formats are read, told apart by their header:
//
//	auditpol /backup, a GPO's Audit.csv   Machine Name,Policy Target,Subcategory,Subcategory GUID,
//	                                      Inclusion Setting,Exclusion Setting,Setting Value
//	auditpol /get /category:* /r          the first six of those columns
//
// In a backup the Setting Value column decides: 0 no auditing, 1 success,
// 2 failure, 3 success and failure; anything else is an error
// (ErrSetting). In /r output the Inclusion Setting words decide ("No
// Auditing", "Success", "Failure", "Success and Failure"). A row is
// matched to a subcategory by its GUID, else by its name with or without
// "Audit " ("Audit Process Creation" is Process Creation), so localised
// names are read when their GUID is there. Rows without a GUID or named
// "Option:..." (CrashOnAuditFail) and the global SACL rows are kept as
// options. An unknown subcategory is kept with a warning and produces no
// event. When a subcategory appears twice, the last row wins. A UTF-8 or
// UTF-16 byte order mark is read.
//
// Subcategories is the table of every subcategory, its GUID, and the
// Security events Microsoft's page for it lists (Subcategory.Doc), each
// with the outcome that writes it (success, failure, or both). It holds
// every (audit_sub_category, event_id) pair of the OSSEM-DM mapping
// (a test checks the real mapping) and adds the events the mapping lacks,
// from those pages: 4696 under Process Creation, 4658 and 4663 under File
// System, Kernel Object and Registry, 4672 under Special Logon, 4634 and
// 4647 (Logoff), 4698-4702 (scheduled tasks, Other Object Access Events),
// 5140 and 5145 (file shares), 4768-4777 (Kerberos and credential
// validation), and the rest of each page.
//
// Policy.Events says for each event: full when every subcategory that
// produces it audits the outcome it is written on; partial when only
// some do, or when only one outcome of a success-and-failure event is
// audited (4656 with Success alone); off when none does. A subcategory
// the policy does not list counts as not audited.
//
// 4688's command line is a separate policy, not a subcategory:
// ProcessCreationIncludeCmdLine_Enabled (CommandLinePolicy; Microsoft's
// "Command line process auditing" page, learn.microsoft.com/windows-server/
// identity/ad-ds/manage/component-updates/command-line-process-auditing,
// describes it). Without it,
// 4688 is still written but without CommandLine, so it shows that a
// process started, not what it ran: Events and Inventory then mark 4688
// partial for the "command execution" data component only (inventory
// key partial_for), and it stays full for "process creation". The caller
// says whether the setting is on (huntbook inventory --cmdline).
//
// Errors are [*Error] values naming the file, the line and the column,
// wrapping ErrSyntax, ErrColumns (a header that is neither format, a row
// with the wrong number of fields), ErrSetting, ErrTooLarge (over
// MaxSize) or ErrEmpty. Reading never panics.
//
// The package knows nothing of ATT&CK; package attack joins the
// inventory it makes to mappings.
package auditpol
