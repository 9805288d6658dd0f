package synth

import (
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/powermap/powermap/graph"
)

// Every surname is invented: compounds of ordinary English words that no
// register of real people is likely to hold. First names are ordinary, and a
// few carry diacritics so that search that ignores them can be shown.
var firstNames = []string{
	"Ada", "Abel", "Agnes", "Alma", "Amos", "Anika", "Arlo", "Astrid", "Beatrix", "Benedict",
	"Bram", "Briony", "Calla", "Cassius", "Cecily", "Cyrus", "Dahlia", "Dorian", "Edda", "Elio",
	"Elspeth", "Emrys", "Esme", "Ezra", "Fenna", "Fletcher", "Greer", "Gideon", "Hattie", "Hollis",
	"Ida", "Ignatius", "Imogen", "Isidore", "Juno", "Jasper", "Kestrel", "Lazlo", "Linnea", "Lucian",
	"Mabel", "Magnus", "Marisol", "Milo", "Nell", "Nico", "Odette", "Orrin", "Opal", "Pax",
	"Petra", "Quentin", "Rosalind", "Rafferty", "Saoirse", "Silas", "Tamsin", "Thaddeus", "Una", "Ulric",
	"Vesper", "Wendell", "Wren", "Xavia", "Yara", "Yusuf", "Zelda", "Zeno", "Priya", "Kofi",
	"Mei", "Tomasz", "Ingrid", "Rashida", "Dmitri", "Amara", "Kenji", "Lucía", "Mateo", "Nadia",
	// With diacritics.
	"Aarón", "Zoë", "Renée", "José", "Inés", "Björn", "Chloë", "Siobhán", "François", "Åsa",
	"Joaquín", "Noémie", "Søren", "Małgorzata", "Raúl", "Ángela",
}

var lastNames = []string{
	"Quillfeather", "Brambleton", "Marrowby", "Thistlewood", "Pennywhistle", "Hollowmere", "Ashgrove", "Copperkettle",
	"Fernsworth", "Wrenfield", "Lanternby", "Cinderhall", "Mossbottom", "Junipertop", "Heronsgate", "Otterbrook",
	"Puddingstone", "Kettleburn", "Larkspurrow", "Nettlebed", "Oakenshield", "Ravenhollow", "Saltmarrow", "Tinderbox",
	"Underbough", "Vellumcroft", "Willowisp", "Yarrowdale", "Bumblethorn", "Crumblewick", "Dapplegrey", "Emberlyn",
	"Figgleston", "Gorsebrook", "Hazelwhit", "Inkwater", "Jollyhollow", "Knapweed", "Lumbermoss", "Maplewhistle",
	"Nutmegger", "Orchardine", "Pebblepot", "Quincebury", "Rushlight", "Sorrelby", "Teasdown", "Umberfield",
	"Vinegarde", "Wickerbane", "Bristlecone", "Cloverhitch", "Dewberry-Hale", "Fiddlestock", "Gingerhook", "Hearthwick",
	"Ivybridge-Nook", "Kindlewood", "Loamsley", "Mistletoft", "Nightjarvis", "Oxbowden", "Pipplewick", "Rookwhistle",
	"Sprocketby", "Thimbleton", "Upsplash", "Wafflestone", "Zestbury", "Barleycorn-Finch", "Candlemoor", "Driftwoodley",
	// With diacritics.
	"Valdémoss", "Brönnerwick", "Ñandúvale", "Çedarbough", "Lindqvíst-Hollow", "Mérrowind",
}

var nicknames = map[string]string{
	"Benedict": "Ben", "Cassius": "Cash", "Elspeth": "Elsie", "Ignatius": "Iggy", "Isidore": "Izzy",
	"Thaddeus": "Tad", "Rosalind": "Roz", "Quentin": "Quin", "Beatrix": "Bea", "Gideon": "Gid",
	"Rafferty": "Raff", "Małgorzata": "Gosia", "Joaquín": "Quino",
}

var townPrefixes = []string{
	"Bramble", "Thistle", "Marrow", "Hollow", "Quill", "Fern", "Ashen", "Cinder", "Wren", "Otter",
	"Lantern", "Copper", "Juniper", "Heron", "Moss", "Kettle", "Larkspur", "Nettle", "Raven", "Salt",
}

var townSuffixes = []string{"ford", "by", "mere", "wick", "haven", "field", " Falls", " Crossing", "ton", "dale"}

var compass = []string{"", "North ", "South ", "East ", "West ", "New ", "Upper ", "Lower "}

// town returns the i-th invented town name; names repeat only after
// 1,600 towns, and then carry a number.
func town(i int) string {
	n := len(townPrefixes) * len(townSuffixes)
	base := townPrefixes[i%len(townPrefixes)] + townSuffixes[(i/len(townPrefixes))%len(townSuffixes)]
	c := (i / n) % len(compass)
	name := compass[c] + base
	if round := i / (n * len(compass)); round > 0 {
		name += " " + strconv.Itoa(round+1)
	}
	return name
}

var issues = []string{
	"Water and Ferries", "Orchards and Lanterns", "Housing and Hearths", "Schools and Libraries",
	"Roads and Bridges", "Health and Kettles", "Labor and Guilds", "Budget and Tolls",
	"Rivers and Canals", "Parks and Meadows", "Justice and Courts", "Energy and Windmills",
	"Transit and Trolleys", "Elections and Ballots", "Commerce and Markets", "Veterans and Families",
}

// bills are the issues of the demo. The first of every three is one of our
// coalition's campaigns, the second one we also back, and the third one we
// fight.
var bills = []struct{ name, number string }{
	{"Fair Housing Act", "HB 1201"}, {"Transit for All Act", "SB 310"}, {"Lantern Tax Credit", "SB 12"},
	{"Living Wage Act", "HB 1450"}, {"Ferry Safety Act", "SB 77"}, {"Orchard Land Sale", "HB 980"},
	{"Tenant Protection Act", "HB 2024"}, {"Library Hours Act", "SB 415"}, {"Canal Privatization Act", "SB 606"},
	{"Home Care Workers' Bill of Rights", "HB 1733"}, {"Clean Windmills Act", "SB 240"}, {"Toll Road Expansion", "HB 1888"},
	{"Immigrant Welcome Act", "HB 1312"}, {"School Meals Act", "SB 118"}, {"Payday Lending Relief", "SB 919"},
}

var departments = []string{
	"Waterways", "Lanterns and Light", "Orchards", "Human Services", "Housing", "Public Health",
	"Transit", "Revenue", "Labor", "Education", "Parks and Meadows", "Corrections",
	"Commerce", "Environmental Quality", "Veterans' Affairs", "Aging",
}

var businessKinds = []string{
	"Lumber Co.", "Ferry Lines", "Cannery", "Hardware", "Bakery", "Textiles", "Clinic",
	"Freight", "Print Shop", "Credit Union", "Brewing", "Glassworks", "Orchard Growers", "Builders",
}

var trades = []string{
	"Ferry Workers", "Nurses", "Teachers", "Lantern Keepers", "Carpenters", "Cannery Workers",
	"Transit Workers", "Home Care Workers", "Librarians", "Millwrights",
}

var faithNames = []struct{ pre, post string }{
	{"St. ", " Parish"}, {"Temple Beth ", ""}, {"Greater ", " Baptist Church"}, {"", " Friends Meeting"},
	{"First Methodist Church of ", ""}, {"", " Islamic Center"}, {"Our Lady of ", ""}, {"", " Unitarian Fellowship"},
}

var serviceKinds = []string{
	"Family Services", "Tenant Union", "Food Pantry", "Immigrant Welcome Center", "Youth Works",
	"Senior Network", "Legal Aid", "Recovery House", "Literacy Project", "Health Clinic",
}

var languages = []string{"English", "Spanish", "Polish", "Tagalog", "Arabic", "Vietnamese", "Somali"}

var occupations = []string{"Owner", "Retired", "Physician", "Attorney", "Investor", "Farmer", "Engineer", "Consultant", "Homemaker", "Executive"}

// personName returns an invented full name, sometimes with a middle initial.
func personName(r *rand.Rand) (first, last, full string) {
	first = firstNames[r.IntN(len(firstNames))]
	last = lastNames[r.IntN(len(lastNames))]
	if r.IntN(10) < 3 {
		return first, last, first + " " + string(rune('A'+r.IntN(26))) + ". " + last
	}
	return first, last, first + " " + last
}

// emailOf builds an address on the reserved .example domain.
func emailOf(first, last, host string) string {
	clean := func(s string) string { return strings.ReplaceAll(graph.Fold(s), " ", "") }
	return clean(first) + "." + clean(last) + "@" + host
}
