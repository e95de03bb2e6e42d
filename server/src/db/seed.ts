import type { Db } from './knex';
import { hashPassword } from '../auth/passwords';

export interface DemoLogin {
  role: string;
  email: string;
  password: string;
}

/** Demo accounts; printed at start-up in development. Never seeded in production. */
export const DEMO_LOGINS: DemoLogin[] = [
  { role: 'clerk', email: 'clerk@oac.example', password: 'demo-clerk-2026' },
  { role: 'clerk', email: 'housing.clerk@oac.example', password: 'demo-clerk-2026' },
  { role: 'scheduler', email: 'scheduler@oac.example', password: 'demo-scheduler-2026' },
  { role: 'admin', email: 'admin@oac.example', password: 'demo-admin-2026' },
];

const OFFICES = [
  {
    slug: 'oac-ciutat-vella',
    kind: 'oac',
    ticket_prefix: 'OAC',
    name_ca: "Oficina d'Atenció Ciutadana Ciutat Vella",
    name_es: 'Oficina de Atención Ciudadana Ciutat Vella',
    name_en: 'Citizen Service Office, Ciutat Vella',
    address: 'Plaça de Sant Miquel, 3',
  },
  {
    slug: 'habitatge-eixample',
    kind: 'housing',
    ticket_prefix: 'HAB',
    name_ca: "Oficina d'Habitatge de l'Eixample",
    name_es: 'Oficina de Vivienda del Eixample',
    name_en: 'Eixample Housing Office',
    address: 'Carrer del Consell de Cent, 329',
  },
] as const;

type ServiceSeed = [code: string, ca: string, es: string, en: string, dca: string, des: string, den: string];
const SERVICES: Record<string, ServiceSeed[]> = {
  'oac-ciutat-vella': [
    [
      'PADRO',
      'Alta o canvi al padró',
      'Alta o cambio en el padrón',
      'Register or update your census record',
      "Inscripció al padró municipal o canvi d'adreça.",
      'Inscripción en el padrón municipal o cambio de domicilio.',
      'Enrol in the municipal register or change your address.',
    ],
    [
      'CONVIV',
      'Certificat de convivència',
      'Certificado de convivencia',
      'Certificate of cohabitation',
      'Certificat de les persones que viuen en un domicili.',
      'Certificado de las personas que viven en un domicilio.',
      'Certificate of who lives at an address.',
    ],
    [
      'TAXES',
      'Taxes i impostos municipals',
      'Tasas e impuestos municipales',
      'Municipal taxes and fees',
      'Consultes i tràmits sobre rebuts i impostos.',
      'Consultas y trámites sobre recibos e impuestos.',
      'Questions and procedures about bills and taxes.',
    ],
  ],
  'habitatge-eixample': [
    [
      'LLOGUER',
      'Ajuts al lloguer',
      'Ayudas al alquiler',
      'Rent assistance',
      "Sol·licitud i seguiment d'ajuts al pagament del lloguer.",
      'Solicitud y seguimiento de ayudas al pago del alquiler.',
      'Applying for and following up rent assistance.',
    ],
    [
      'CEDULA',
      "Cèdula d'habitabilitat",
      'Cédula de habitabilidad',
      'Certificate of habitability',
      "Tramitació de la cèdula d'habitabilitat d'un habitatge.",
      'Tramitación de la cédula de habitabilidad de una vivienda.',
      'Processing the habitability certificate of a home.',
    ],
  ],
};

/**
 * Idempotent: creates the offices, services and staff once, and on every run tops the
 * slots up for the coming week, so a long-lived development database always has free slots.
 */
export async function seedDemo(db: Db, days = 8): Promise<void> {
  const existing = await db('offices').count<{ count: number }[]>({ count: '*' }).first();
  if (Number(existing?.count ?? 0) === 0) await seedCatalogue(db);
  await topUpSlots(db, days);
}

async function seedCatalogue(db: Db): Promise<void> {
  const hashes = new Map<string, string>();
  for (const login of DEMO_LOGINS) {
    if (!hashes.has(login.password)) hashes.set(login.password, await hashPassword(login.password));
  }
  await db.transaction(async (trx) => {
    const officeIds: Record<string, string> = {};
    for (const office of OFFICES) {
      const [row] = await trx('offices').insert(office).returning('id');
      officeIds[office.slug] = row.id;
      for (const [code, name_ca, name_es, name_en, description_ca, description_es, description_en] of SERVICES[office.slug]!) {
        await trx('services').insert({
          office_id: row.id,
          code,
          name_ca,
          name_es,
          name_en,
          description_ca,
          description_es,
          description_en,
          duration_minutes: 20,
        });
      }
    }
    const staff = [
      { email: 'clerk@oac.example', name: 'Marta Puig i Soler', role: 'clerk', office_id: officeIds['oac-ciutat-vella'] },
      { email: 'housing.clerk@oac.example', name: 'Jordi Serra Vidal', role: 'clerk', office_id: officeIds['habitatge-eixample'] },
      { email: 'scheduler@oac.example', name: 'Núria Ferrer Roca', role: 'scheduler', office_id: officeIds['oac-ciutat-vella'] },
      { email: 'admin@oac.example', name: 'Administració OAC', role: 'admin', office_id: null },
    ];
    for (const s of staff) {
      const login = DEMO_LOGINS.find((l) => l.email === s.email)!;
      await trx('staff_users').insert({ ...s, password_hash: hashes.get(login.password)! });
    }
  });
}

async function topUpSlots(db: Db, days: number): Promise<void> {
  const clerks = await db('staff_users')
    .join('offices', 'offices.id', 'staff_users.office_id')
    .where('staff_users.role', 'clerk')
    .whereIn(
      'offices.slug',
      OFFICES.map((o) => o.slug),
    )
    .select('staff_users.id as clerk_id', 'offices.id as office_id');
  for (const { clerk_id, office_id } of clerks) {
    // Working days, 08:00–19:40 Madrid time, 20-minute slots; the exclusion constraint
    // makes this idempotent (ON CONFLICT DO NOTHING skips slots that already exist).
    await db.raw(
      `INSERT INTO slots (office_id, clerk_id, starts_at, ends_at)
       SELECT ?, ?, (d::date + t::time) AT TIME ZONE 'Europe/Madrid',
                    (d::date + t::time) AT TIME ZONE 'Europe/Madrid' + interval '20 minutes'
       FROM generate_series((now() AT TIME ZONE 'Europe/Madrid')::date,
                            (now() AT TIME ZONE 'Europe/Madrid')::date + ?::int, interval '1 day') d,
            generate_series(timestamp '2000-01-01 08:00', timestamp '2000-01-01 19:40', interval '20 minutes') t
       WHERE extract(isodow FROM d) < 6
       ON CONFLICT DO NOTHING`,
      [office_id, clerk_id, days],
    );
  }
}
