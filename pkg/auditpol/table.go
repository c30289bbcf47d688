package auditpol

import "strings"

// Outcome is which audit results produce an event: a successful attempt,
// a failed one, or both.
type Outcome string

const (
	OnSuccess Outcome = "success"
	OnFailure Outcome = "failure"
	OnBoth    Outcome = "success and failure"
)

// Produces is one Security event a subcategory produces.
type Produces struct {
	ID      int     `json:"id"`
	Outcome Outcome `json:"outcome"`
}

// Subcategory is one advanced audit policy subcategory and the Security
// events it produces.
type Subcategory struct {
	Name     string     `json:"name"`     // "Process Creation" (auditpol writes "Audit Process Creation" in backups)
	Category string     `json:"category"` // "Detailed Tracking"
	GUID     string     `json:"guid"`     // "{0cce922b-69ae-11d9-bed3-505054503030}"
	Events   []Produces `json:"events"`
}

// Doc is the Microsoft page that lists the subcategory's events.
func (s Subcategory) Doc() string {
	slug := strings.ToLower(s.Name)
	slug = strings.NewReplacer(" ", "-", "/", "", "(", "", ")", "").Replace(slug)
	return "https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-10/security/threat-protection/auditing/audit-" + slug
}

func ev(spec ...any) []Produces {
	var out []Produces
	for i := 0; i+1 < len(spec); i += 2 {
		out = append(out, Produces{spec[i].(int), spec[i+1].(Outcome)})
	}
	return out
}

const s, f, b = OnSuccess, OnFailure, OnBoth

func guid(x string) string { return "{0cce92" + x + "-69ae-11d9-bed3-505054503030}" }

// Subcategories is every advanced audit policy subcategory of Windows 10
// and Server 2016 and later, with its GUID (the one auditpol /backup and
// GPO Audit.csv files carry; Microsoft lists them as the Audit_* constants
// of learn.microsoft.com/windows/win32/secauthz/auditing-constants) and
// the events Microsoft's page for it
// (Subcategory.Doc) lists. The events the OSSEM-DM mapping names in
// audit_sub_category are all here (a test checks it against the real
// mapping); the others come from Microsoft's pages.
var Subcategories = []Subcategory{
	// Account Logon
	{"Credential Validation", "Account Logon", guid("3f"), ev(4774, b, 4775, f, 4776, b, 4777, f)},
	{"Kerberos Authentication Service", "Account Logon", guid("42"), ev(4768, b, 4771, f, 4772, f)},
	{"Kerberos Service Ticket Operations", "Account Logon", guid("40"), ev(4769, b, 4770, s, 4773, f)},
	{"Other Account Logon Events", "Account Logon", guid("41"), nil},
	// Account Management
	{"Application Group Management", "Account Management", guid("39"), ev(4783, s, 4784, s, 4785, s, 4786, s, 4787, s, 4788, s, 4789, s, 4790, s, 4791, s, 4792, s)},
	{"Computer Account Management", "Account Management", guid("36"), ev(4741, s, 4742, s, 4743, s)},
	{"Distribution Group Management", "Account Management", guid("38"), ev(4744, s, 4745, s, 4746, s, 4747, s, 4748, s, 4749, s, 4750, s, 4751, s, 4752, s, 4753, s, 4759, s, 4760, s, 4761, s, 4762, s, 4763, s)},
	{"Other Account Management Events", "Account Management", guid("3a"), ev(4782, s, 4793, s)},
	{"Security Group Management", "Account Management", guid("37"), ev(4731, s, 4732, s, 4733, s, 4734, s, 4735, s, 4764, s, 4799, s, 4727, s, 4737, s, 4728, s, 4729, s, 4730, s, 4754, s, 4755, s, 4756, s, 4757, s, 4758, s)},
	{"User Account Management", "Account Management", guid("35"), ev(4720, s, 4722, s, 4723, b, 4724, b, 4725, s, 4726, s, 4738, s, 4740, s, 4765, s, 4766, f, 4767, s, 4780, s, 4781, s, 4794, b, 4798, s, 5376, s, 5377, s)},
	// Detailed Tracking
	{"DPAPI Activity", "Detailed Tracking", guid("2d"), ev(4692, b, 4693, b, 4694, b, 4695, b)},
	{"Plug and Play Events", "Detailed Tracking", guid("48"), ev(6416, s, 6419, s, 6420, s, 6421, s, 6422, s, 6423, s, 6424, s)},
	{"Process Creation", "Detailed Tracking", guid("2b"), ev(4688, s, 4696, s)},
	{"Process Termination", "Detailed Tracking", guid("2c"), ev(4689, s)},
	{"RPC Events", "Detailed Tracking", guid("2e"), ev(5712, s)},
	{"Token Right Adjusted Events", "Detailed Tracking", guid("4a"), ev(4703, s)},
	// DS Access
	{"Detailed Directory Service Replication", "DS Access", guid("3e"), ev(4928, b, 4929, b, 4930, b, 4931, b, 4934, s, 4935, f, 4936, s, 4937, s)},
	{"Directory Service Access", "DS Access", guid("3b"), ev(4661, b, 4662, b)},
	{"Directory Service Changes", "DS Access", guid("3c"), ev(5136, s, 5137, s, 5138, s, 5139, s, 5141, s)},
	{"Directory Service Replication", "DS Access", guid("3d"), ev(4932, s, 4933, b)},
	// Logon/Logoff
	{"Account Lockout", "Logon/Logoff", guid("17"), ev(4625, f)},
	{"User / Device Claims", "Logon/Logoff", guid("47"), ev(4626, s)},
	{"Group Membership", "Logon/Logoff", guid("49"), ev(4627, s)},
	{"IPsec Extended Mode", "Logon/Logoff", guid("1a"), ev(4978, s, 4979, s, 4980, s, 4981, s, 4982, s, 4983, s, 4984, s)},
	{"IPsec Main Mode", "Logon/Logoff", guid("18"), ev(4646, s, 4650, s, 4651, s, 4652, f, 4653, f, 4655, s, 4976, f, 5049, s, 5453, s)},
	{"IPsec Quick Mode", "Logon/Logoff", guid("19"), ev(4977, s, 5451, s, 5452, s)},
	{"Logoff", "Logon/Logoff", guid("16"), ev(4634, s, 4647, s)},
	{"Logon", "Logon/Logoff", guid("15"), ev(4624, s, 4625, f, 4648, s, 4675, s)},
	{"Network Policy Server", "Logon/Logoff", guid("43"), ev(6272, s, 6273, f, 6274, f, 6275, f, 6276, f, 6277, f, 6278, s, 6279, f, 6280, s)},
	{"Other Logon/Logoff Events", "Logon/Logoff", guid("1c"), ev(4649, s, 4778, s, 4779, s, 4800, s, 4801, s, 4802, s, 4803, s, 5378, f, 5632, b, 5633, b)},
	{"Special Logon", "Logon/Logoff", guid("1b"), ev(4964, s, 4672, s)},
	// Object Access
	{"Application Generated", "Object Access", guid("22"), ev(4665, s, 4666, s, 4667, s, 4668, s)},
	{"Certification Services", "Object Access", guid("21"), ev(4868, s, 4869, s, 4870, s, 4871, s, 4872, s, 4873, s, 4874, s, 4875, s, 4876, s, 4877, s, 4878, s, 4879, s, 4880, s, 4881, s, 4882, s, 4883, s, 4884, s, 4885, s, 4886, s, 4887, s, 4888, s, 4889, s, 4890, s, 4891, s, 4892, s, 4893, s, 4894, s, 4895, s, 4896, s, 4897, s, 4898, s)},
	{"Detailed File Share", "Object Access", guid("44"), ev(5145, b)},
	{"File Share", "Object Access", guid("24"), ev(5140, s, 5142, s, 5143, s, 5144, s, 5168, f)},
	{"File System", "Object Access", guid("1d"), ev(4656, b, 4658, s, 4660, s, 4663, s, 4664, s, 4670, s, 4985, s, 5051, s)},
	{"Filtering Platform Connection", "Object Access", guid("26"), ev(5031, f, 5150, f, 5151, f, 5154, s, 5155, f, 5156, s, 5157, f, 5158, s, 5159, f)},
	{"Filtering Platform Packet Drop", "Object Access", guid("25"), ev(5152, f, 5153, f)},
	{"Handle Manipulation", "Object Access", guid("23"), ev(4658, s, 4690, s)},
	{"Kernel Object", "Object Access", guid("1f"), ev(4656, b, 4658, s, 4660, s, 4663, s)},
	{"Other Object Access Events", "Object Access", guid("27"), ev(4671, s, 4691, s, 5148, f, 5149, f, 4698, s, 4699, s, 4700, s, 4701, s, 4702, s, 5888, s, 5889, s, 5890, s)},
	{"Registry", "Object Access", guid("1e"), ev(4663, s, 4656, b, 4658, s, 4660, s, 4657, s, 5039, s, 4670, s)},
	{"Removable Storage", "Object Access", guid("45"), ev(4656, b, 4658, s, 4663, s)},
	{"SAM", "Object Access", guid("20"), ev(4661, b)},
	{"Central Policy Staging", "Object Access", guid("46"), ev(4818, s)},
	// Policy Change
	{"Audit Policy Change", "Policy Change", guid("2f"), ev(4670, s, 4715, s, 4719, s, 4817, s, 4902, s, 4904, s, 4905, s, 4906, s, 4907, s, 4908, s, 4912, s)},
	{"Authentication Policy Change", "Policy Change", guid("30"), ev(4670, s, 4706, s, 4707, s, 4716, s, 4713, s, 4717, s, 4718, s, 4739, s, 4864, s, 4865, s, 4866, s, 4867, s)},
	{"Authorization Policy Change", "Policy Change", guid("31"), ev(4670, s, 4703, s, 4704, s, 4705, s, 4911, s, 4913, s)},
	{"Filtering Platform Policy Change", "Policy Change", guid("33"), ev(4709, s, 4710, s, 4711, s, 4712, s, 5040, s, 5041, s, 5042, s, 5043, s, 5044, s, 5045, s, 5046, s, 5047, s, 5048, s, 5440, s, 5441, s, 5442, s, 5443, s, 5444, s, 5446, s, 5448, s, 5449, s, 5450, s, 5456, s, 5457, s, 5458, s, 5459, s, 5460, s, 5461, s, 5462, s, 5463, s, 5464, s, 5465, s, 5466, s, 5467, s, 5468, s, 5471, s, 5472, s, 5473, s, 5474, s, 5477, s)},
	{"MPSSVC Rule-Level Policy Change", "Policy Change", guid("32"), ev(4944, s, 4945, s, 4946, s, 4947, s, 4948, s, 4949, s, 4950, s, 4951, f, 4952, f, 4953, f, 4954, s, 4956, s, 4957, f, 4958, f)},
	{"Other Policy Change Events", "Policy Change", guid("34"), ev(4714, b, 4819, s, 4826, s, 4909, s, 4910, s, 5063, b, 5064, b, 5065, b, 5066, b, 5067, b, 5068, b, 5069, b, 5070, b, 5447, s, 6144, s, 6145, f)},
	// Privilege Use
	{"Non Sensitive Privilege Use", "Privilege Use", guid("29"), ev(4673, b, 4674, b, 4985, s)},
	{"Other Privilege Use Events", "Privilege Use", guid("2a"), ev(4985, s)},
	{"Sensitive Privilege Use", "Privilege Use", guid("28"), ev(4673, b, 4674, b, 4985, s)},
	// System
	{"IPsec Driver", "System", guid("13"), ev(4960, f, 4961, f, 4962, f, 4963, f, 4965, f, 5478, s, 5479, s, 5480, f, 5483, f, 5484, f, 5485, f)},
	{"Other System Events", "System", guid("14"), ev(5024, s, 5025, s, 5027, f, 5028, f, 5029, f, 5030, f, 5032, f, 5033, s, 5034, s, 5035, f, 5037, f, 5058, b, 5059, b, 6400, s, 6401, s, 6402, s, 6403, s, 6404, s, 6405, s, 6406, s, 6407, s, 6408, s, 6409, s)},
	{"Security State Change", "System", guid("10"), ev(4608, s, 4616, s, 4621, s)},
	{"Security System Extension", "System", guid("11"), ev(4610, s, 4611, s, 4614, s, 4622, s, 4697, s)},
	{"System Integrity", "System", guid("12"), ev(4612, s, 4615, s, 4618, s, 4816, s, 5038, f, 5056, s, 5062, s, 5057, f, 5060, f, 5061, b, 6281, f, 6410, f)},
}

// alsoListed are events a subcategory's page lists although another
// subcategory writes every one of them: Audit Account Lockout lists 4625,
// which Audit Logon writes for every failed logon, lockouts included. They
// do not make the event partial when the subcategory is off.
var alsoListed = map[string]map[int]bool{"Account Lockout": {4625: true}}

// Lookup finds a subcategory by GUID (braces and case do not matter) or
// else by name, with or without auditpol's "Audit " prefix.
func Lookup(name, guid string) (Subcategory, bool) {
	g := strings.ToLower(strings.Trim(strings.TrimSpace(guid), "{}"))
	if g != "" {
		for _, sc := range Subcategories {
			if strings.Trim(sc.GUID, "{}") == g {
				return sc, true
			}
		}
	}
	n := strings.TrimSpace(name)
	for _, cand := range []string{n, strings.TrimPrefix(n, "Audit ")} {
		for _, sc := range Subcategories {
			if strings.EqualFold(sc.Name, cand) {
				return sc, true
			}
		}
	}
	return Subcategory{}, false
}

// Producers returns the subcategories that produce a Security event.
func Producers(id int) []Subcategory {
	var out []Subcategory
	for _, sc := range Subcategories {
		for _, e := range sc.Events {
			if e.ID == id {
				out = append(out, sc)
				break
			}
		}
	}
	return out
}
